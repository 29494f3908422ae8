// Same-origin fetch wrapper for the admin API. Every failure becomes an ApiError with a
// human-readable message; nothing is swallowed here.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly details: string[];

  constructor(status: number, message: string, code: string | null = null, details: string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "signed out" (login itself, and the initial /me probe). */
  allow401?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/** Called whenever the API answers 401 to a signed-in request (session expired or revoked). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function asText(v: unknown): string | null {
  if (typeof v === 'string' && v.trim()) return v;
  if (Array.isArray(v)) {
    const parts = v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).filter(Boolean);
    return parts.length ? parts.join('; ') : null;
  }
  return null;
}

/** Extracts a message from the OpenAI envelope, Nest's validation shape, or anything else. */
export function parseErrorBody(status: number, statusText: string, raw: string): ApiError {
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = null;
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    // {"error":{"message","type","code"}}
    if (b.error && typeof b.error === 'object') {
      const e = b.error as Record<string, unknown>;
      const msg = asText(e.message) ?? asText(e.type) ?? `HTTP ${status}`;
      const code = typeof e.code === 'string' ? e.code : typeof e.type === 'string' ? e.type : null;
      return new ApiError(status, msg, code);
    }
    // {"statusCode":400,"message":[...]|"...","error":"Bad Request"}
    if ('message' in b || 'statusCode' in b) {
      const details = Array.isArray(b.message) ? b.message.map(String) : [];
      const msg = asText(b.message) ?? asText(b.error) ?? `HTTP ${status}`;
      const code = typeof b.error === 'string' ? b.error : null;
      return new ApiError(status, msg, code, details);
    }
    if (typeof b.error === 'string') return new ApiError(status, b.error);
  }
  const snippet = raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  const base = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return new ApiError(status, snippet ? `${base}: ${snippet}` : base);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (opts.body !== undefined) {
    // Only send a JSON content type with an actual body: Fastify rejects empty JSON bodies.
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Network error: the gateway could not be reached.');
  }
  const raw = await res.text().catch(() => '');
  if (!res.ok) {
    const error = parseErrorBody(res.status, res.statusText, raw);
    if (res.status === 401 && !opts.allow401) unauthorizedHandler?.();
    throw error;
  }
  if (!raw) return undefined as T;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ApiError(res.status, `The server sent a response that is not JSON (${method} ${path}).`);
  }
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    return err.status ? `${err.message} (HTTP ${err.status})` : err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Encodes one path segment (ids may be user-chosen strings). */
export const seg = (v: string | number): string => encodeURIComponent(String(v));
