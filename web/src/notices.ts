// Tiny global stores for the error banner, success toasts and in-page confirm dialogs.
import { errorMessage } from './api/client';

export interface Notice {
  id: number;
  kind: 'error' | 'success';
  text: string;
}

let seq = 0;
let notices: Notice[] = [];
const listeners = new Set<(n: Notice[]) => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit(): void {
  for (const l of listeners) l(notices);
}

export function subscribeNotices(l: (n: Notice[]) => void): () => void {
  listeners.add(l);
  l(notices);
  return () => listeners.delete(l);
}

export function dismissNotice(id: number): void {
  const t = timers.get(id);
  if (t) clearTimeout(t);
  timers.delete(id);
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function clearErrors(): void {
  notices = notices.filter((n) => n.kind !== 'error');
  emit();
}

/** Shows an error in the banner. Errors stay until dismissed; identical repeats collapse. */
export function notifyError(err: unknown): void {
  const text = errorMessage(err);
  const others = notices.filter((n) => n.kind !== 'error');
  const errors = notices.filter((n) => n.kind === 'error' && n.text !== text).slice(-3);
  notices = [...others, ...errors, { id: ++seq, kind: 'error', text }];
  emit();
}

/** Shows a short-lived success toast; earlier errors are considered resolved and cleared. */
export function notifySuccess(text: string): void {
  const id = ++seq;
  notices = [...notices.filter((n) => n.kind !== 'error'), { id, kind: 'success', text }];
  timers.set(id, setTimeout(() => dismissNotice(id), 4000));
  emit();
}

// ---- confirm dialogs ----

export interface ConfirmRequest {
  title: string;
  message: string;
  okLabel?: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

let pending: ConfirmRequest | null = null;
const confirmListeners = new Set<(c: ConfirmRequest | null) => void>();

export function subscribeConfirm(l: (c: ConfirmRequest | null) => void): () => void {
  confirmListeners.add(l);
  l(pending);
  return () => confirmListeners.delete(l);
}

/** In-page replacement for window.confirm. Resolves true when the user presses OK. */
export function askConfirm(opts: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  pending?.resolve(false);
  return new Promise((resolve) => {
    pending = {
      ...opts,
      resolve: (ok) => {
        pending = null;
        for (const l of confirmListeners) l(null);
        resolve(ok);
      },
    };
    for (const l of confirmListeners) l(pending);
  });
}
