import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyGuard, principalOf } from '../../auth/index.js';
import { FastifyChannel } from '../pipeline/client.channel.js';
import { idempotencyKeyOf } from '../pipeline/idempotency.gate.js';
import { RequestTrace } from '../pipeline/request.trace.js';
import { ResponsesService } from './responses.service.js';
import { responseIdOf } from './responses.validator.js';
import type { ResponseObject } from './wire/responses.types.js';

@ApiTags('v1')
@ApiBearerAuth('client-key')
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  @Post('responses')
  @HttpCode(200)
  @ApiOperation({ summary: 'OpenAI Responses API (JSON, or typed SSE events with stream: true); relayed to OpenAI, translated elsewhere' })
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const trace = new RequestTrace(req.id, principalOf(req));
    trace.idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    await this.responses.create(trace, req.body, new FastifyChannel(reply));
  }

  @Get('responses/:id')
  @ApiOperation({ summary: "A stored response (the key's own client only; 404 otherwise)" })
  retrieve(@Req() req: FastifyRequest, @Param('id') id: string): Promise<ResponseObject> {
    return this.responses.retrieve(principalOf(req).clientId, responseIdOf(id));
  }

  @Delete('responses/:id')
  @ApiOperation({ summary: "Delete a stored response (the key's own client only; 404 otherwise)" })
  remove(@Req() req: FastifyRequest, @Param('id') id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    return this.responses.remove(principalOf(req).clientId, responseIdOf(id));
  }
}
