import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toAnthropicEnvelope, usesAnthropicEnvelope } from '../../common/index.js';
import { isClientApiPath } from '../guards/access.guard.js';
import { ApiKeyGuard } from '../guards/api-key.guard.js';

/**
 * Checks the client key of every matched /v1 route in Fastify's preParsing hook, i.e. before the body is
 * read or parsed: a caller without a valid key cannot make the gateway buffer or parse a large body.
 * (The guards check again, at no cost: the principal is already on the request.)
 */
@Injectable()
export class ClientKeyPreAuth implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: ApiKeyGuard,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('preParsing', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const route = request.routeOptions?.url;
      if (!route || !isClientApiPath(route)) return payload;
      try {
        await this.guard.authenticate(request);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
        reply.code(err.status).type('application/json; charset=utf-8').send(usesAnthropicEnvelope(request.url, request.headers) ? toAnthropicEnvelope(err) : err.toEnvelope());
        return reply;
      }
      return payload;
    });
  }
}
