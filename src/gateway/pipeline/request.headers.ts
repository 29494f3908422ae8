import type { FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/index.js';
import { ApiError } from '../../common/index.js';
import type { ExchangeInit } from './exchange.js';

export const TAGS_HEADER = 'x-gophergate-tags';
export const MAX_TAGS = 10;
const TAG = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The spend-attribution tags of a /v1 request (`x-gophergate-tags: team-a,checkout`): up to 10 tags of
 * `[A-Za-z0-9._:-]{1,64}`, comma-separated (spaces around commas allowed), duplicates dropped. Absent → [].
 * Anything else is a 400 in the surface's envelope: a malformed header is never silently dropped.
 */
export function tagsOf(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  const tags = [...new Set(text.split(',').map((t) => t.trim()))];
  if (tags.length > MAX_TAGS || tags.some((t) => !TAG.test(t))) {
    throw ApiError.invalidRequest(
      `The ${TAGS_HEADER} header must be up to ${MAX_TAGS} comma-separated tags, each 1-64 characters of A-Z a-z 0-9 . _ : -`,
      TAGS_HEADER,
      'invalid_tags',
    );
  }
  return tags;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header, validated (printable ASCII, at most 255 characters). */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) throw ApiError.invalidRequest('The Idempotency-Key header must be 1-255 printable ASCII characters.', 'Idempotency-Key', 'invalid_idempotency_key');
  return value;
}

/**
 * What an exchange opens with, read off the request at the edge: its id, the key's principal, the Idempotency-Key and
 * (on the surfaces that take them) the tags. A malformed header is a 400 before anything else happens.
 */
export function exchangeInit(req: FastifyRequest, options: { tags: boolean }): ExchangeInit {
  // the id is the client's own when it sent it (requestIdFor echoes a well-formed x-request-id), else minted here
  const init: ExchangeInit = { requestId: req.id, requestIdMinted: req.headers['x-request-id'] !== req.id, principal: principalOf(req), idempotencyKey: idempotencyKeyOf(req.headers['idempotency-key']) };
  if (options.tags) init.tags = tagsOf(req.headers[TAGS_HEADER]);
  return init;
}
