import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiV1Answer, ApiV1Body, ApiV1Errors, ApiV1RequestHeaders, ApiClientKey } from '../openapi/v1.decorators.js';
import { RESPONSES_EXAMPLES } from '../openapi/v1.examples.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { exchangeInit } from '../pipeline/request.headers.js';
import { ResponsesService } from './responses.service.js';
import { responseIdOf } from './responses.validator.js';
import type { ResponseObject } from './wire/responses.types.js';

@ApiTags('v1')
@ApiClientKey()
@Controller('v1')
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  @Post('responses')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI Responses API (JSON, or typed SSE events with stream: true); relayed to OpenAI, translated elsewhere' })
  @ApiV1Body('ResponsesRequest', RESPONSES_EXAMPLES)
  @ApiV1RequestHeaders()
  @ApiV1Answer('The response (JSON), or typed server-sent events when `stream: true`', 'ResponseObject', 'ResponsesStream')
  @ApiV1Errors(400, 401, 402, 403, [404, 'No route for the model, an unknown and unpriced model (`model_not_found`), or no stored `previous_response_id` for this client (`previous_response_not_found`)'], 409, 413, 429, 502, 503)
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.responses.create(exchangeInit(req, { tags: false }), req.body, new FastifyChannel(reply));
  }

  @Get('responses/:id')
  @ApiOperation({ summary: "A stored response (the key's own client only; 404 otherwise)" })
  @ApiParam({ name: 'id', description: 'The response id', example: 'resp_abc123' })
  @ApiV1Answer('The stored response', 'ResponseObject')
  @ApiV1Errors(401, [404, "No stored response with this id for the key's client"])
  retrieve(@Req() req: FastifyRequest, @Param('id') id: string): Promise<ResponseObject> {
    return this.responses.retrieve(principalOf(req).clientId, responseIdOf(id));
  }

  @Delete('responses/:id')
  @ApiOperation({ summary: "Delete a stored response (the key's own client only; 404 otherwise)" })
  @ApiParam({ name: 'id', description: 'The response id', example: 'resp_abc123' })
  @ApiV1Answer('Deleted', 'ResponseDeleted')
  @ApiV1Errors(401, [404, "No stored response with this id for the key's client"])
  remove(@Req() req: FastifyRequest, @Param('id') id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    return this.responses.remove(principalOf(req).clientId, responseIdOf(id));
  }
}
