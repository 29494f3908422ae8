import type { FastifyRequest } from 'fastify';
import { ApiError, type Money } from '../common/index.js';
import type { Role } from './entities/user.entity.js';

/** Who is calling /v1: set by ApiKeyGuard from the bearer client key. */
export interface ClientPrincipal {
  keyId: string;
  clientId: string;
  clientName: string;
  allowedModels: string[] | null;
  rpm: number | null;
  tpm: number | null;
  /** The client or this key has a budget: admission holds against it too (billing reads the budget itself). */
  budgeted?: boolean;
  /** The client's credit.low threshold (the common money unit), null when none. */
  lowBalanceE10?: Money | null;
}

/** Who is calling /api: set by the global access guard from the session. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: ClientPrincipal;
    authUser?: AuthUser;
    sessionId?: string;
  }
}

/** The client principal of a /v1 request (throws 401 invalid_api_key if the request was not authenticated by a key). */
export function principalOf(request: FastifyRequest): ClientPrincipal {
  if (!request.principal) throw ApiError.invalidApiKey();
  return request.principal;
}
