import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnthropicHeaders, ApiMessagesErrors, ApiV1Answer, ApiV1Body, ApiV1RequestHeaders, ApiClientKey } from '../openapi/v1.decorators.js';
import { COUNT_TOKENS_EXAMPLES, MESSAGES_EXAMPLES } from '../openapi/v1.examples.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { exchangeInit } from '../pipeline/request.headers.js';
import { CountTokensService } from './count-tokens.service.js';
import { MessagesService } from './messages.service.js';

@ApiTags('v1')
@ApiClientKey()
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly counter: CountTokensService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Anthropic Messages (JSON, or SSE events with stream: true); errors in Anthropic\'s envelope' })
  @ApiV1Body('MessagesRequest', MESSAGES_EXAMPLES)
  @ApiV1RequestHeaders()
  @ApiAnthropicHeaders()
  @ApiV1Answer('The Message (JSON), or server-sent events when `stream: true`', 'Message', 'MessagesStream')
  @ApiMessagesErrors(400, 401, 402, 403, 404, 409, 413, 429, 502, 503)
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.messages.create(exchangeInit(req, { tags: false }), req.body, req.headers, new FastifyChannel(reply));
  }

  @Post('count_tokens')
  @HttpCode(200)
  @ApiOperation({ summary: 'Count a Messages request\'s input tokens: asked of Anthropic providers, estimated (upper bound) otherwise' })
  @ApiV1Body('CountTokensRequest', COUNT_TOKENS_EXAMPLES)
  @ApiAnthropicHeaders()
  @ApiV1Answer('The input token count (nothing is charged)', 'CountTokensResponse')
  @ApiMessagesErrors(400, 401, 403, 404, 413, 502, 503)
  async countTokens(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.counter.count(principalOf(req), req.body, req.headers, new FastifyChannel(reply));
  }
}
