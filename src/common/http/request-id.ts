import type { IncomingMessage } from 'node:http';
import { randomHex } from '../crypto/hash.js';

const VALID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * A new request id: `req_` + 32 hex characters, time-ordered like a UUIDv7 — 12 hex of milliseconds, then 20 random
 * (80 bits). Ids are unique keys in the reservations, ledger and request-log indexes: ids that grow with time land
 * next to each other there, so a commit writes a few index pages instead of one random page per request and index.
 */
export function newRequestId(now = Date.now()): string {
  return `req_${now.toString(16).padStart(12, '0')}${randomHex(20)}`;
}

/** Echo a well-formed incoming x-request-id, else mint one. Used as Fastify's genReqId. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && VALID.test(value) ? value : newRequestId();
}
