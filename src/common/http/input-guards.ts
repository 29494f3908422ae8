import { isUtf8 } from 'node:buffer';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { usesOpenAIEnvelope } from '../errors/all-exceptions.filter.js';
import { toApiError, toNestShape } from '../errors/http-error.mapper.js';
import { toAnthropicEnvelope, usesAnthropicEnvelope } from '../errors/anthropic-envelope.js';

/** JSON nested deeper than this is refused: recursive code (serializers, validators, adapters) must never overflow the stack. */
export const MAX_JSON_DEPTH = 128;

/**
 * Why a JSON text is refused before it is parsed, or null: nesting deeper than `maxDepth`, or a NUL character
 * (`\u0000`) in a string (PostgreSQL cannot store one, and no field of ours has a use for it). One linear scan.
 */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        if (text.charCodeAt(i + 1) === 0x75 && text.slice(i + 2, i + 6) === '0000') return 'contains a NUL character (\\u0000)';
        i++;
      } else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return `is nested deeper than ${maxDepth} levels`;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/**
 * Input checks before any handler runs: JSON bodies must be valid UTF-8 (never silently replaced by U+FFFD),
 * free of NUL characters and at most MAX_JSON_DEPTH deep; form bodies are refused (415); a URL may not carry an
 * encoded NUL (%00). Each refusal is rendered by the global filter in the surface's envelope.
 */
export function registerInputGuards(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    if (!isUtf8(body)) return done(new BadRequestException('Request body is not valid UTF-8.'), undefined);
    const text = body.toString('utf8');
    const problem = jsonTextProblem(text);
    if (problem) return done(new BadRequestException(`Request body ${problem}.`), undefined);
    parseJson(request as never, text, done);
  });
  // No endpoint takes a form: refusing form bodies keeps cross-site HTML forms (which cannot send JSON) out entirely.
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, _body, done) => done(new UnsupportedMediaTypeException('Form bodies are not accepted: send application/json.'), undefined));
  // A callback hook, not an async one: no promise and no microtask per request. ('%00' has no letters: no case to fold.)
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.url.includes('%00')) return done(new BadRequestException('The URL contains a NUL character (%00).'));
    done();
  });
}

/**
 * Fastify's own refusals that happen before routing (a malformed URL encoding, an over-long path parameter):
 * rendered in the surface's envelope like every other error, instead of Fastify's built-in body.
 */
export function renderFrameworkError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { error: api } = toApiError(error);
  const body = !usesOpenAIEnvelope(request.url)
    ? toNestShape(error, api)
    : usesAnthropicEnvelope(request.url, request.headers)
      ? toAnthropicEnvelope(api)
      : api.toEnvelope();
  void reply.status(api.status).header('x-request-id', request.id).type('application/json; charset=utf-8').send(body);
}
