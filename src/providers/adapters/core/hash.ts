/** 64-bit FNV-1a over UTF-16 code units, as 16 hex chars. Deterministic ids; not for security. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

const MINTED = /^call_gg[0-9a-f]{16}$/;

/** A tool-call id minted by the gateway for an upstream that sent none (deterministic per seed). */
export function mintToolCallId(seed: string): string {
  return `call_gg${fnv1a64(seed)}`;
}

export function isMintedToolCallId(id: string): boolean {
  return MINTED.test(id);
}
