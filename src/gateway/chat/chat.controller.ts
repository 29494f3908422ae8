import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiV1Answer, ApiV1Body, ApiV1Errors, ApiV1RequestHeaders, ApiClientKey } from '../openapi/v1.decorators.js';
import { CHAT_EXAMPLES } from '../openapi/v1.examples.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { exchangeInit } from '../pipeline/request.headers.js';
import { ChatService } from './chat.service.js';

@ApiTags('v1')
@ApiClientKey()
@Controller('v1')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('chat/completions')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI Chat Completions (JSON or SSE with stream: true)' })
  @ApiV1Body('ChatCompletionRequest', CHAT_EXAMPLES)
  @ApiV1RequestHeaders()
  @ApiV1Answer('The completion (JSON), or server-sent chunks when `stream: true`', 'ChatCompletion', 'ChatCompletionStream')
  @ApiV1Errors(400, 401, 402, 403, 404, 409, 413, 429, 502, 503)
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.chat.complete(exchangeInit(req, { tags: true }), req.body, new FastifyChannel(reply));
  }
}
