import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from './api/client';
import { live, type FeedItem, type LiveStatus } from './api/live';
import type { LiveAlert, LiveCredit, LiveProvider, LiveRequest } from './api/types';
import { notifyError } from './notices';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (fn: (prev: T | undefined) => T | undefined) => void;
}

/**
 * Loads data with `fn` whenever `deps` change; aborts stale requests. Errors are kept in
 * `error` (for inline display) and also reported to the global error banner.
 */
export function useResource<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    fnRef
      .current(ctrl.signal)
      .then((d) => {
        if (ctrl.signal.aborted) return;
        setDataState(d);
        setError(null);
      })
      .catch((err: unknown) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setError(err);
        notifyError(err);
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((f: (prev: T | undefined) => T | undefined) => setDataState((p) => f(p)), []);
  return { data, error, loading, reload, setData };
}

/** Runs an async action with a busy flag; errors go to the banner and are re-thrown as `false`. */
export function useAction(): [boolean, <R>(fn: () => Promise<R>) => Promise<R | undefined>] {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <R,>(fn: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    try {
      return await fn();
    } catch (err) {
      notifyError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, run];
}

type LiveMap = { request: LiveRequest; provider: LiveProvider; credit: LiveCredit; alert: LiveAlert };

export function useLive<K extends keyof LiveMap>(type: K, handler: (data: LiveMap[K]) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.on(type, (d) => ref.current(d)), [type]);
}

export function useLiveStatus(): LiveStatus {
  const [s, setS] = useState<LiveStatus>(live.status);
  useEffect(() => {
    setS(live.status);
    return live.onStatus(setS);
  }, []);
  return s;
}

export function useLiveFeed(): FeedItem[] {
  const [items, setItems] = useState<FeedItem[]>(live.feed);
  useEffect(() => {
    setItems(live.feed);
    return live.onFeed(setItems);
  }, []);
  return items;
}

function readHash(): string {
  const h = window.location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : `/${h}`;
}

/** Current hash route, e.g. "/clients/abc". */
export function useRoute(): string {
  const [route, setRoute] = useState(readHash);
  useEffect(() => {
    const on = () => setRoute(readHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Re-renders every `ms` milliseconds (relative times, uptime). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
