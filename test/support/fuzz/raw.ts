import { request } from 'node:http';
import type { RawAnswer } from './envelope.js';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent byte for byte (a Buffer keeps invalid UTF-8 as it is). */
  body?: string | Uint8Array;
  timeoutMs?: number;
}

/** One HTTP request on loopback, the body sent exactly as given; the answer read as text (bounded in time). */
export async function rawSend(baseUrl: string, req: RawRequest): Promise<RawAnswer> {
  const res = await fetch(`${baseUrl}${req.path}`, {
    method: req.method ?? 'POST',
    headers: req.headers,
    body: req.body as RequestInit['body'],
    redirect: 'manual',
    signal: AbortSignal.timeout(req.timeoutMs ?? 15_000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** JSON text → bytes, with `bytes` spliced in place of the first occurrence of `marker` (e.g. invalid UTF-8 in a string). */
export function spliceBytes(json: string, marker: string, bytes: readonly number[]): Buffer {
  const at = json.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not in ${json.slice(0, 80)}`);
  return Buffer.concat([Buffer.from(json.slice(0, at), 'utf8'), Buffer.from(bytes), Buffer.from(json.slice(at + marker.length), 'utf8')]);
}

/** Byte sequences that are not UTF-8: a lone continuation byte, a truncated sequence, overlong forms, a surrogate, 0xFF. */
export const INVALID_UTF8: ReadonlyArray<readonly number[]> = [
  [0x80],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff],
  [0xfe, 0xfe, 0xff, 0xff],
];

/**
 * One request over node:http with the path sent exactly as written (fetch would normalise `..`, `%2e%2e` and
 * the like before they reach the server).
 */
export function rawPath(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path.slice(0, 80)}`)));
    req.on('error', reject);
    req.end(body);
  });
}
