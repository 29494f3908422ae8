import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiV1Answer, ApiV1Body, ApiV1Errors, ApiV1RequestHeaders, ApiClientKey } from '../openapi/v1.decorators.js';
import { EMBEDDINGS_EXAMPLES } from '../openapi/v1.examples.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { exchangeInit } from '../pipeline/request.headers.js';
import { EmbeddingsService } from './embeddings.service.js';

@ApiTags('v1')
@ApiClientKey()
@Controller('v1')
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
    await this.embeddings.embed(exchangeInit(req, { tags: true }), req.body, new FastifyChannel(reply));
  }
}
