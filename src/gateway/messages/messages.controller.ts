import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard, principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { idempotencyKeyOf } from '../pipeline/idempotency.gate.js';
import { RequestTrace } from '../pipeline/request.trace.js';
import { CountTokensService } from './count-tokens.service.js';
import { MessagesService } from './messages.service.js';

@ApiTags('v1')
@ApiBearerAuth('client-key')
@ApiSecurity('x-api-key')
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly counter: CountTokensService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Anthropic Messages (JSON, or SSE events with stream: true); errors in Anthropic\'s envelope' })
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const trace = new RequestTrace(req.id, principalOf(req));
    trace.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    await this.messages.create(trace, req.body, req.headers, new FastifyChannel(reply));
  }

  @Post('count_tokens')
  @HttpCode(200)
  @ApiOperation({ summary: 'Count a Messages request\'s input tokens: asked of Anthropic providers, estimated (upper bound) otherwise' })
  async countTokens(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.counter.count(principalOf(req), req.body, req.headers, new FastifyChannel(reply));
  }
}
