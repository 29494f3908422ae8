import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiV1Answer, ApiV1Body, ApiV1Errors, ApiV1RequestHeaders } from '../openapi/v1.decorators.js';
import { EMBEDDINGS_EXAMPLES } from '../openapi/v1.examples.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard, principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { idempotencyKeyOf } from '../pipeline/idempotency.gate.js';
import { RequestTrace } from '../pipeline/request.trace.js';
import { TAGS_HEADER, tagsOf } from '../pipeline/request.tags.js';
import { EmbeddingsService } from './embeddings.service.js';

@ApiTags('v1')
@ApiBearerAuth('client-key')
@ApiSecurity('x-api-key')
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI embeddings (openai, openai-compatible, gemini and ollama providers)' })
  @ApiV1Body('EmbeddingsRequest', EMBEDDINGS_EXAMPLES)
  @ApiV1RequestHeaders()
  @ApiV1Answer('The embeddings, with usage and cost', 'EmbeddingsResponse')
  @ApiV1Errors(400, 401, 402, 403, 404, 409, 413, 429, 502, 503)
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const trace = new RequestTrace(req.id, principalOf(req));
    trace.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    trace.tags = tagsOf(req.headers[TAGS_HEADER]);
    trace.surface = 'embeddings';
    await this.embeddings.embed(trace, req.body, new FastifyChannel(reply));
  }
}
