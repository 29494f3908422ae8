import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard, principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { idempotencyKeyOf } from '../pipeline/idempotency.gate.js';
import { RequestTrace } from '../pipeline/request.trace.js';
import { TAGS_HEADER, tagsOf } from '../pipeline/request.tags.js';
import { EmbeddingsService } from './embeddings.service.js';

@ApiTags('v1')
@ApiBearerAuth('client-key')
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI embeddings (openai, openai-compatible, gemini and ollama providers)' })
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const trace = new RequestTrace(req.id, principalOf(req));
    trace.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    trace.tags = tagsOf(req.headers[TAGS_HEADER]);
    trace.surface = 'embeddings';
    await this.embeddings.embed(trace, req.body, new FastifyChannel(reply));
  }
}
