import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../common/index.js';
import { clientKeyHash, clientKeyToken, looksLikeClientKey } from '../keys/key-format.js';
import { KeyLookupService } from '../keys/key-lookup.service.js';
import { KeyUsageTracker } from '../keys/key-usage.tracker.js';

/**
 * Guards /v1: `Authorization: Bearer gg-…` (or `x-api-key: gg-…`) must name a live key (not revoked, not expired, client not
 * deleted). Missing, malformed, unknown, revoked or expired → 401 invalid_api_key, before any other work.
 * Malformed tokens (including dashboard session tokens) never reach the cache or the database.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly lookup: KeyLookupService,
    private readonly usage: KeyUsageTracker,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    await this.authenticate(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
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
