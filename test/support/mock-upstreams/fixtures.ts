import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/fixtures/providers (the project's copy of the documented wire formats). Tests run from the repo root. */
export const FIXTURE_ROOT = join(process.cwd(), 'test', 'fixtures', 'providers');

export type FixtureKind = 'openai' | 'anthropic' | 'gemini' | 'ollama';

const cache = new Map<string, string>();

/** A fixture file's text, or `fallback` when the file is not in the project's copy. */
export function fixtureText(kind: FixtureKind, file: string, fallback?: string): string {
  const key = `${kind}/${file}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const path = join(FIXTURE_ROOT, kind, file);
  let text: string;
  if (existsSync(path)) text = readFileSync(path, 'utf8');
  else if (fallback !== undefined) text = fallback;
  else throw new Error(`missing fixture ${key}`);
  cache.set(key, text);
  return text;
}

/** A fresh parsed copy of a JSON fixture (callers may change it). */
export function fixtureJson<T = any>(kind: FixtureKind, file: string, fallback?: unknown): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(fixtureText(kind, file, fallback === undefined ? undefined : JSON.stringify(fallback))) as T;
}

/** A framed fixture (SSE or NDJSON) split into its frames, each with its own delimiter, byte for byte. */
export function fixtureFrames(kind: FixtureKind, file: string): string[] {
  const text = fixtureText(kind, file);
  const delimiter = file.endsWith('.ndjson') ? '\n' : text.includes('\r\n\r\n') ? '\r\n\r\n' : '\n\n';
  const parts = text.split(delimiter);
  const frames: string[] = [];
  parts.forEach((p, i) => {
    if (p === '' && i === parts.length - 1) return;
    frames.push(i < parts.length - 1 ? p + delimiter : p);
  });
  return frames.filter((f) => f.trim() !== '');
}

/** Split text into about `n` pieces (for synthesized stream deltas). */
export function pieces(text: string, n = 3): string[] {
  if (text.length <= n) return [text];
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A deterministic small embedding for a text. */
export function vectorFor(text: string, dims = 8): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return Array.from({ length: dims }, (_, i) => Number(((((h >>> (i % 24)) & 0xff) / 255) * 2 - 1).toFixed(6)));
}

export function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
