import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../fixtures/providers/', import.meta.url));

export function fixtureText(kind: string, file: string): string {
  return readFileSync(`${ROOT}${kind}/${file}`, 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(kind: string, file: string): T {
  return JSON.parse(fixtureText(kind, file)) as T;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
