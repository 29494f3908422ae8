import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard, principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { idempotencyKeyOf } from '../pipeline/idempotency.gate.js';
import { RequestTrace } from '../pipeline/request.trace.js';
import { TAGS_HEADER, tagsOf } from '../pipeline/request.tags.js';
import { ChatService } from './chat.service.js';

@ApiTags('v1')
@ApiBearerAuth('client-key')
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI Chat Completions (JSON or SSE with stream: true)' })
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const trace = new RequestTrace(req.id, principalOf(req));
    trace.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    trace.tags = tagsOf(req.headers[TAGS_HEADER]);
    await this.chat.complete(trace, req.body, new FastifyChannel(reply));
  }
}
