/** What another replica (or a database trigger) says has changed, so cached copies must go. */
export type InvalidationMessage =
  | { kind: 'key'; id: string }
  | { kind: 'client'; id: string }
  | { kind: 'provider'; id: string }
  | { kind: 'all' };

/** PostgreSQL NOTIFY channel (the triggers of migration 1764400000000 use it too) and Redis channel. */
export const INVALIDATION_CHANNEL = 'gophergate_invalidate';

const KINDS_WITH_ID = new Set(['key', 'client', 'provider']);

/** A received payload as a message, or null when it is not one (never throws). */
export function parseInvalidation(raw: string): InvalidationMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const { kind, id } = parsed as { kind?: unknown; id?: unknown };
  if (kind === 'all') return { kind: 'all' };
  if (typeof kind !== 'string' || !KINDS_WITH_ID.has(kind)) return null;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) return null;
  return { kind, id } as InvalidationMessage;
}
