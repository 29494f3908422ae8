import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLED_SNAPSHOT_URL } from '../../../src/registry/registry.options.js';
import { SUPPORTED_CATALOG_PROVIDERS, catalogProviderFor } from '../../../src/registry/index.js';

const SCRIPT = fileURLToPath(new URL('../../../scripts/registry/build-snapshot.mjs', import.meta.url));
// a copy of ../shared/fixtures/models-dev/api.json (models.dev @f3fc692 subset)
const FIXTURE = fileURLToPath(new URL('./fixtures/models-dev-api.json', import.meta.url));
const SMALL_SNAPSHOT = new URL('../../fixtures/registry/models-dev.small.json', import.meta.url);
// a copy of ../shared/data/models-dev-api.json (models.dev @f3fc692, the ten supported providers, 526 models)
const FULL_CATALOG = fileURLToPath(new URL('../../fixtures/registry/models-dev-api.json', import.meta.url));

describe('catalogProviderFor', () => {
  it.each([
    ['openai', 'openai', undefined, 'openai'],
    ['openai', 'azure-gpt', undefined, 'openai'],
    ['anthropic', 'claude', undefined, 'anthropic'],
    ['gemini', 'gemini', undefined, 'google'],
    ['ollama', 'ollama', undefined, null],
    ['openai-compatible', 'ds', 'deepseek', 'deepseek'],
    ['openai-compatible', 'x', 'xai', 'xai'],
    ['openai-compatible', 'm', 'mistral', 'mistral'],
    ['openai-compatible', 'g', 'groq', 'groq'],
    ['openai-compatible', 'or', 'openrouter', 'openrouter'],
    ['openai-compatible', 'tg', 'together', 'togetherai'],
    ['openai-compatible', 'studio', 'lmstudio', 'lmstudio'],
    ['openai-compatible', 'local', 'vllm', null],
    ['openai-compatible', 'local', 'ollama-openai', null],
    ['openai-compatible', 'deepseek', undefined, 'deepseek'],
    ['openai-compatible', 'together', undefined, 'togetherai'],
    ['openai-compatible', 'fireworks-ai', undefined, 'fireworks-ai'],
    ['openai-compatible', 'fireworks-ai', 'unknown-preset', 'fireworks-ai'],
  ])('%s named %s (preset %s) → %s', (kind, name, preset, expected) => {
    expect(catalogProviderFor(kind, name, preset)).toBe(expected);
  });
});

describe('the bundled snapshot', () => {
  it('is exactly what scripts/registry/build-snapshot.mjs makes from the models.dev catalog of 2026-07-02', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-snapshot-'));
    try {
      const out = join(dir, 'snapshot.json');
      execFileSync(process.execPath, [SCRIPT, FULL_CATALOG, '--out', out], { stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(BUNDLED_SNAPSHOT_URL, 'utf8'));
      const doc = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { models: Record<string, unknown> }>;
      expect(Object.keys(doc)).toEqual([...SUPPORTED_CATALOG_PROVIDERS]);
      expect(Object.values(doc).reduce((n, p) => n + Object.keys(p.models).length, 0)).toBe(526);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the small test catalog is exactly what the script makes from the models.dev fixture', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-snapshot-'));
    try {
      const out = join(dir, 'snapshot.json');
      execFileSync(process.execPath, [SCRIPT, FIXTURE, '--out', out], { stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(SMALL_SNAPSHOT, 'utf8'));
      // faithful: the values are the document's, untouched
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the script keeps the same provider list as the registry', async () => {
    const script = (await import(SCRIPT)) as { SUPPORTED_PROVIDERS: string[]; trimDocument: (doc: unknown, providers?: string[]) => Record<string, unknown> };
    expect(script.SUPPORTED_PROVIDERS).toEqual([...SUPPORTED_CATALOG_PROVIDERS]);
    const trimmed = script.trimDocument({ openai: { models: { a: {} } }, 'some-reseller': { models: { b: {} } } });
    expect(Object.keys(trimmed)).toEqual(['openai']);
    expect(() => script.trimDocument([])).toThrow();
    expect(() => script.trimDocument({ other: { models: { a: {} } } })).toThrow(/no models/);
  });

  it('the script refuses a bad input with a non-zero exit', () => {
    expect(() => execFileSync(process.execPath, [SCRIPT, '/nonexistent/api.json', '--out', join(tmpdir(), 'never.json')], { stdio: 'pipe' })).toThrow();
  });
});
