import { readFileSync } from 'node:fs';

/** What scripts/registry/build-snapshot.mjs records next to a snapshot: the day its data was taken and where from. */
export interface SnapshotMeta {
  /** Epoch ms of the `as_of` day (00:00 UTC). */
  asOf: number;
  origin: string;
}

/** The sidecar of a snapshot file: same path, `.meta.json` instead of `.json`. */
export function metaUrlFor(snapshot: URL): URL {
  const href = snapshot.href;
  return new URL(href.endsWith('.json') ? `${href.slice(0, -'.json'.length)}.meta.json` : `${href}.meta.json`);
}

/** The snapshot's sidecar, or null when it is missing or unreadable (the catalog's age is then unknown). */
export function readSnapshotMeta(snapshot: URL): SnapshotMeta | null {
  try {
    const raw = JSON.parse(readFileSync(metaUrlFor(snapshot), 'utf8')) as { as_of?: unknown; origin?: unknown };
    const asOf = typeof raw.as_of === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.as_of) ? Date.parse(`${raw.as_of}T00:00:00Z`) : NaN;
    if (!Number.isFinite(asOf)) return null;
    return { asOf, origin: typeof raw.origin === 'string' ? raw.origin.slice(0, 200) : 'models.dev' };
  } catch {
    return null;
  }
}
