/** Downloading a catalog document: one attempt has a timeout and a size limit; transient failures are retried with backoff. */

export type DownloadFailure = 'http' | 'network' | 'timeout' | 'too_large' | 'aborted';

export class RegistryDownloadError extends Error {
  constructor(
    message: string,
    readonly failure: DownloadFailure,
    readonly attempts: number,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'RegistryDownloadError';
  }
}

export interface DownloadOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Waits before each retry; empty: a single attempt. */
  retryDelaysMs: readonly number[];
  /** Aborts the download and any backoff wait (shutdown). */
  signal?: AbortSignal;
}

/** A wait that ends early (rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RegistryDownloadError('download aborted', 'aborted', 0, false));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RegistryDownloadError('download aborted', 'aborted', 0, false));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RegistryDownloadError(`the document is larger than ${maxBytes} bytes`, 'too_large', 1, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function attempt(url: string, options: DownloadOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const retryable = res.status === 429 || res.status >= 500;
      throw new RegistryDownloadError(`the registry answered HTTP ${res.status}`, 'http', 1, retryable);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new RegistryDownloadError(`the document is larger than ${options.maxBytes} bytes`, 'too_large', 1, false);
    }
    if (!res.body) return '';
    return await readLimited(res.body, options.maxBytes);
  } catch (err) {
    if (err instanceof RegistryDownloadError) throw err;
    if (options.signal?.aborted) throw new RegistryDownloadError('download aborted', 'aborted', 1, false);
    if (timeout.aborted) throw new RegistryDownloadError(`no complete answer within ${options.timeoutMs} ms`, 'timeout', 1, true);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new RegistryDownloadError(`the registry could not be reached (${detail})`, 'network', 1, true);
  }
}

/** Download the document's text: the first try, then one retry after each delay while the failure is transient. */
export async function downloadText(url: string, options: DownloadOptions): Promise<{ text: string; attempts: number }> {
  const delays = options.retryDelaysMs;
  for (let tries = 1; ; tries++) {
    try {
      return { text: await attempt(url, options), attempts: tries };
    } catch (err) {
      const e = err as RegistryDownloadError;
      const message = tries > 1 ? `${e.message} (after ${tries} attempts)` : e.message;
      if (!e.retryable || tries > delays.length) throw new RegistryDownloadError(message, e.failure, tries, e.retryable);
      await abortableSleep(delays[tries - 1], options.signal);
    }
  }
}
