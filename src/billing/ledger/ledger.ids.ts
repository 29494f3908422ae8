import { randomBase62 } from '../../common/index.js';

let lastMs = 0;
let counter = 0;

/**
 * Ledger entry ids sort in creation order within a process: `le_` + time (ms, base36) + a per-millisecond counter + 12
 * random base62 characters. The ledger lists by (created_at, id), so entries made in the same millisecond keep their order.
 */
export function ledgerEntryId(): string {
  const now = Date.now();
  counter = now === lastMs ? counter + 1 : 0;
  lastMs = now;
  return `le_${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomBase62(12)}`;
}
