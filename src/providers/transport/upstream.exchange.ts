import type { Dispatcher } from 'undici';
import { AdapterError, isRetryableStatus, type HeaderBag, type ProviderError, type WireRequest } from '../adapters/index.js';
import { ClientAbortSignal, type AbortLike } from './client-abort.js';
import { UpstreamFailure } from '../resilience/upstream.failure.js';
import type { ProviderRuntime } from '../runtime/provider.runtime.js';
import { AttemptControl } from './attempt.control.js';
import { redactSecrets } from './secret.redactor.js';

const MAX_ERROR_BODY = 1024 * 1024;
/** The largest non-streaming answer the gateway buffers; a larger body is refused (502) and the socket closed. */
export const MAX_RESPONSE_BYTES = 48 * 1024 * 1024;

/** Up to `max` bytes of a body (the first `max` when `keepPartial`, else none); past that the body is destroyed unread. */
async function readUpTo(body: Dispatcher.ResponseData['body'], max: number, keepPartial = false): Promise<{ buf: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > max) {
      body.destroy();
      return { buf: keepPartial ? Buffer.concat([...chunks, chunk.subarray(0, max - size)]) : Buffer.alloc(0), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { buf: Buffer.concat(chunks, size), truncated: false };
}

function parseMaybeJson(text: string): unknown {
  const t = text.trim();
  if (t === '') return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** The provider's error with every secret scrubbed from its message. */
export function scrubbed(rt: ProviderRuntime, error: ProviderError): ProviderError {
  return { ...error, message: redactSecrets(error.message, rt.secrets) };
}

/**
 * An AdapterError thrown while reading an upstream answer, as an attempt failure: an unreadable body is an
 * invalid response; an error the provider put in a 2xx body keeps its status and type.
 */
export function adapterFailure(rt: ProviderRuntime, err: AdapterError): UpstreamFailure {
  const message = redactSecrets(err.message, rt.secrets);
  if (err.code === 'invalid_upstream_response' || err.status < 400) return UpstreamFailure.invalidResponse(rt.name, message);
  return new UpstreamFailure(rt.name, 'http', { status: err.status, type: err.type, code: err.code, param: err.param, message, retryable: isRetryableStatus(err.status, [err.type, err.code]) });
}

/**
 * One request on the provider's pool; keys travel only in headers (adapter.authHeaders), never in the URL. The
 * deadlines are the AttemptControl's (one Node timer, aborting through the signal); undici's own header/body timers
 * are off: above one second undici keeps each one in a list swept twice a second, so every request left timer objects
 * behind long enough to be promoted to the old generation.
 */
export function send(
  rt: ProviderRuntime,
  wire: Pick<WireRequest, 'path' | 'query' | 'headers' | 'passHeaders'> & { body?: unknown; method?: 'GET' | 'POST' | 'DELETE' },
  control: AttemptControl,
): Promise<Dispatcher.ResponseData> {
  const method = wire.method ?? 'POST';
  return rt.pool.request({
    method,
    path: rt.pathFor(wire),
    headers: rt.headersFor(wire),
    body: method === 'POST' ? JSON.stringify(wire.body) : null,
    signal: control.signal,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

/** Read a failed response's body (bounded) and map it through the adapter. */
export async function httpFailure(rt: ProviderRuntime, res: Dispatcher.ResponseData): Promise<UpstreamFailure> {
  let text = '';
  try {
    text = (await readUpTo(res.body, MAX_ERROR_BODY, true)).buf.toString('utf8');
  } catch {
    // an unreadable error body still maps by status
  }
  const error = rt.adapter.toProviderError(res.statusCode, parseMaybeJson(text), res.headers as HeaderBag);
  return new UpstreamFailure(rt.name, 'http', scrubbed(rt, error));
}

export interface JsonExchange {
  body: unknown;
  /** performance.now() when the upstream's headers arrived. */
  headersAt: number;
  /** The body as the upstream sent it (a faithful relay forwards this text). */
  text: string;
}

/** One non-streaming attempt under the provider's total timeout. Throws UpstreamFailure or ClientGoneError. */
export async function exchangeJson(rt: ProviderRuntime, wire: WireRequest, clientSignal: AbortLike): Promise<JsonExchange> {
  const control = new AttemptControl(clientSignal, rt.name, rt.def.timeout_seconds, 'response');
  try {
    const res = await send(rt, wire, control);
    const headersAt = performance.now();
    if (res.statusCode >= 400) throw await httpFailure(rt, res);
    const read = await readUpTo(res.body, MAX_RESPONSE_BYTES);
    if (read.truncated) throw UpstreamFailure.invalidResponse(rt.name, `the body is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`);
    const text = read.buf.toString('utf8');
    if (res.statusCode < 200 || res.statusCode >= 300) throw UpstreamFailure.invalidResponse(rt.name, `unexpected HTTP ${res.statusCode}`);
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw UpstreamFailure.invalidResponse(rt.name, 'the body is not JSON');
    }
    return { body, headersAt, text };
  } catch (err) {
    throw control.failureFor(err);
  } finally {
    control.dispose();
  }
}

/**
 * A bodiless DELETE on the provider (e.g. a stored response the client deleted through the gateway), under the
 * provider's total timeout. Resolves with the status; throws UpstreamFailure when the provider cannot be reached.
 */
export async function deleteUpstream(rt: ProviderRuntime, path: string): Promise<number> {
  const control = new AttemptControl(new ClientAbortSignal(), rt.name, rt.def.timeout_seconds, 'response');
  try {
    const res = await send(rt, { path, headers: {}, method: 'DELETE' }, control);
    await readUpTo(res.body, MAX_ERROR_BODY);
    return res.statusCode;
  } catch (err) {
    throw control.failureFor(err);
  } finally {
    control.dispose();
  }
}
