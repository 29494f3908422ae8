import { fnv1a64 } from '../hash.js';

const ALNUM9 = /^[A-Za-z0-9]{9}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum9(seed: string): string {
  let n = BigInt(`0x${fnv1a64(seed)}`);
  let out = '';
  for (let i = 0; i < 9; i++) {
    out += ALPHABET[Number(n % 62n)];
    n /= 62n;
  }
  return out;
}

/**
 * Rewrites tool-call ids to 9 alphanumeric characters (Mistral's rule), deterministically and without
 * collisions inside one request; remembers upstream → client for mapping answers back.
 */
export class ToolIdMap {
  private readonly toWire = new Map<string, string>();
  readonly fromWire: Record<string, string> = {};

  wire(id: string): string {
    if (ALNUM9.test(id)) return id;
    const known = this.toWire.get(id);
    if (known) return known;
    let salt = 0;
    let candidate = alnum9(id);
    while (this.fromWire[candidate] !== undefined && this.fromWire[candidate] !== id) candidate = alnum9(`${id}#${++salt}`);
    this.toWire.set(id, candidate);
    this.fromWire[candidate] = id;
    return candidate;
  }

  get size(): number {
    return this.toWire.size;
  }
}

export function restoreId(id: unknown, idMap: Record<string, string> | undefined): unknown {
  if (typeof id !== 'string' || !idMap) return id;
  return Object.hasOwn(idMap, id) ? idMap[id] : id;
}
