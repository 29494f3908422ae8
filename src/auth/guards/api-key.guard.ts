import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toAnthropicEnvelope, usesAnthropicEnvelope } from '../../common/index.js';
import { clientKeyHash, clientKeyToken, looksLikeClientKey } from '../keys/key-format.js';
import { KeyLookupService } from '../keys/key-lookup.service.js';
import { KeyUsageTracker } from '../keys/key-usage.tracker.js';

export function isClientApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

/**
 * Guards /v1, the one place a client key is checked: `Authorization: Bearer gg-…` (or `x-api-key: gg-…`) must name a
 * live key (not revoked, not expired, client not deleted). Missing, malformed, unknown, revoked or expired → 401
 * invalid_api_key in the surface's envelope. It runs in Fastify's preParsing hook of every matched /v1 route, before the
 * body is read or parsed, so a caller without a valid key cannot make the gateway buffer or parse a large body.
 * Malformed tokens (including dashboard session tokens) never reach the cache or the database. The global AccessGuard
 * only finds the principal this set (and calls `authenticate` should a /v1 route ever run without the hook).
 */
@Injectable()
export class ApiKeyGuard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lookup: KeyLookupService,
    private readonly usage: KeyUsageTracker,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('preParsing', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const route = request.routeOptions?.url;
      if (!route || !isClientApiPath(route)) return payload;
      try {
        await this.authenticate(request);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
        reply.code(err.status).type('application/json; charset=utf-8').send(usesAnthropicEnvelope(request.url, request.headers) ? toAnthropicEnvelope(err) : err.toEnvelope());
        return reply;
      }
      return payload;
    });
  }

  /** Sets request.principal or throws ApiError.invalidApiKey(). Idempotent within one request. */
  async authenticate(request: FastifyRequest): Promise<void> {
    if (request.principal) return;
    const token = clientKeyToken(request.headers);
    if (!token) throw ApiError.invalidApiKey('Missing API key: send it as "Authorization: Bearer gg-…" or "x-api-key: gg-…".');
    if (!looksLikeClientKey(token)) throw ApiError.invalidApiKey();
    const principal = await this.lookup.resolve(clientKeyHash(token));
    if (!principal) throw ApiError.invalidApiKey();
    request.principal = principal;
    this.usage.touch(principal.keyId);
  }
}
