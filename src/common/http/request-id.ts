import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const VALID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Echo a well-formed incoming x-request-id, else mint one. Used as Fastify's genReqId. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && VALID.test(value) ? value : `req_${randomUUID().replace(/-/g, '')}`;
}
