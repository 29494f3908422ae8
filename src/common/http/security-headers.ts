import helmet from 'helmet';

type HelmetMiddleware = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

/** The protective response headers: Helmet's defaults (without its CSP: ours is set per surface), name → value. */
export interface SecurityHeaders {
  set: ReadonlyArray<readonly [string, string]>;
  /** Headers Helmet removes (X-Powered-By). */
  removed: readonly string[];
}

/**
 * Helmet's headers do not depend on the request, so they are computed ONCE by running Helmet itself (a direct
 * dependency) against a recording response, then applied per request as a static list. Same headers
 * as the plugin, without building Helmet's twelve middlewares and two async hooks on every request.
 */
export function computeSecurityHeaders(): SecurityHeaders {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      removed.push(name.toLowerCase());
    },
  };
  let failure: unknown;
  (helmet({ contentSecurityPolicy: false }) as unknown as HelmetMiddleware)({ method: 'GET', url: '/', headers: {} }, recorder, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!set.has('x-content-type-options')) throw new Error('helmet produced no security headers');
  return { set: [...set.entries()], removed };
}
