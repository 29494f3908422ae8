import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../../src/config/index.js';
import { definitionFromConfig, getAdapter, getPreset } from '../../../../src/providers/index.js';
import { resolveBaseUrl } from '../../../../src/providers/runtime/provider.runtime.js';

describe('providers enabled by their environment variables', () => {
  const env = {
    OPENAI_API_KEY: 'sk-o', ANTHROPIC_API_KEY: 'sk-a', GEMINI_API_KEY: 'g', DEEPSEEK_API_KEY: 'd', XAI_API_KEY: 'x',
    MISTRAL_API_KEY: 'm', GROQ_API_KEY: 'q', OPENROUTER_API_KEY: 'r', OLLAMA_BASE_URL: 'http://10.0.0.5:11434',
  };
  const defs = loadConfig(env, mkdtempSync(join(tmpdir(), 'gg-env-providers-'))).providers.map(definitionFromConfig);
  const served = (name: string) => {
    const d = defs.find((p) => p.name === name)!;
    return resolveBaseUrl(d, getAdapter(d.kind), d.preset ? getPreset(d.preset) : undefined).toString().replace(/\/$/, '');
  };

  it('are listed as coming from the environment', () => {
    expect(defs.map((d) => d.source)).toEqual(defs.map(() => 'env'));
    expect(defs.map((d) => d.name).sort()).toEqual(['anthropic', 'deepseek', 'gemini', 'groq', 'mistral', 'ollama', 'openai', 'openrouter', 'xai']);
  });

  it("call the vendor's public base URL, known only to the kind's adapter or preset", () => {
    expect(Object.fromEntries(defs.map((d) => [d.name, served(d.name)]))).toEqual({
      openai: 'https://api.openai.com/v1',
      anthropic: 'https://api.anthropic.com',
      gemini: 'https://generativelanguage.googleapis.com',
      deepseek: 'https://api.deepseek.com/v1',
      xai: 'https://api.x.ai/v1',
      mistral: 'https://api.mistral.ai/v1',
      groq: 'https://api.groq.com/openai/v1',
      openrouter: 'https://openrouter.ai/api/v1',
      ollama: 'http://10.0.0.5:11434',
    });
  });

  it('a file-defined provider with its own base URL is not taken for an env one', () => {
    const d = definitionFromConfig({ ...loadConfig({ OPENAI_API_KEY: 'sk-o' }, mkdtempSync(join(tmpdir(), 'gg-env-'))).providers[0], base_url: 'http://127.0.0.1:9/v1' });
    expect(d.source).toBe('config');
  });
});
