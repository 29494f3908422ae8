import { AppConfig } from './config.schema.js';

/** Which environment variables feed which config keys. The only place that knows their names. */

export type Env = Record<string, string | undefined>;

const SECTIONS = ['server', 'websocket', 'database', 'sessions', 'registry', 'billing', 'logs', 'responses', 'alerts'] as const;

/** Direct variables from the contract, mapped onto config paths. */
const DIRECT: Record<string, string> = {
  HOST: 'server.host',
  PORT: 'server.port',
  DATABASE_URL: 'database.url',
  DATA_DIR: 'runtime.data_dir',
  LOG_LEVEL: 'runtime.log_level',
  REDIS_URL: 'runtime.redis_url',
  GOPHERGATE_DRAIN_SECONDS: 'runtime.drain_seconds',
  GOPHERGATE_ADMIN_USER: 'runtime.admin_user',
  GOPHERGATE_ADMIN_PASSWORD: 'runtime.admin_password',
  GOPHERGATE_SECRET_KEY: 'runtime.secret_key',
  GOPHERGATE_METRICS_TOKEN: 'runtime.metrics_token',
  GOPHERGATE_PASSWORD_SCRYPT_LOG_N: 'runtime.password_scrypt_log_n',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'otel.endpoint',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'otel.traces_endpoint',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'otel.protocol',
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'otel.traces_protocol',
  OTEL_EXPORTER_OTLP_HEADERS: 'otel.headers',
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'otel.traces_headers',
  OTEL_EXPORTER_OTLP_TIMEOUT: 'otel.timeout_ms',
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'otel.traces_timeout_ms',
  OTEL_SERVICE_NAME: 'otel.service_name',
  OTEL_RESOURCE_ATTRIBUTES: 'otel.resource_attributes',
  OTEL_TRACES_SAMPLER: 'otel.sampler',
  OTEL_TRACES_SAMPLER_ARG: 'otel.sampler_arg',
  OTEL_TRACES_EXPORTER: 'otel.exporter',
  OTEL_SDK_DISABLED: 'otel.sdk_disabled',
  OTEL_BSP_SCHEDULE_DELAY: 'otel.batch_delay_ms',
};

/** Keys whose value is more than its default's type (trust_proxy: "1" is one hop, not true); their schema parses the text. */
const UNCOERCED = new Set(['server.trust_proxy']);

/**
 * Providers enabled by their API key (or, for Ollama, its base URL) alone. They carry no base URL of their own: the
 * vendor's public one comes from the one place that knows it, the kind's adapter or the openai-compatible preset
 * (config may not import them; the provider runtime resolves `base_url ?? preset ?? adapter default`).
 */
export const ENV_PROVIDERS: ReadonlyArray<{ env: string; name: string; kind: string; preset?: string; keyless?: boolean }> = [
  { env: 'OPENAI_API_KEY', name: 'openai', kind: 'openai' },
  { env: 'ANTHROPIC_API_KEY', name: 'anthropic', kind: 'anthropic' },
  { env: 'GEMINI_API_KEY', name: 'gemini', kind: 'gemini' },
  { env: 'DEEPSEEK_API_KEY', name: 'deepseek', kind: 'openai-compatible', preset: 'deepseek' },
  { env: 'XAI_API_KEY', name: 'xai', kind: 'openai-compatible', preset: 'xai' },
  { env: 'MISTRAL_API_KEY', name: 'mistral', kind: 'openai-compatible', preset: 'mistral' },
  { env: 'GROQ_API_KEY', name: 'groq', kind: 'openai-compatible', preset: 'groq' },
  { env: 'OPENROUTER_API_KEY', name: 'openrouter', kind: 'openai-compatible', preset: 'openrouter' },
  { env: 'OLLAMA_BASE_URL', name: 'ollama', kind: 'ollama', keyless: true },
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

function getPath(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), source);
}

/** Coerce an environment string toward the type of the key's default; leave it as is when it does not fit, so validation names it. */
function coerce(raw: string, sample: unknown): unknown {
  if (typeof sample === 'number') {
    const n = Number(raw.trim());
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  if (typeof sample === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return raw;
  }
  if (Array.isArray(sample)) {
    const t = raw.trim();
    if (t.startsWith('[')) {
      try { return JSON.parse(t); } catch { return raw; }
    }
    return t === '' ? [] : t.split(',').map((s) => s.trim()).filter(Boolean);
  }
  return raw;
}

/** Overlay environment values on the file's raw object; the environment wins. Returns the errors for unparsable JSON values. */
export function overlayEnv(raw: Record<string, unknown>, env: Env): string[] {
  const errors: string[] = [];
  const defaults = new AppConfig();
  for (const [name, path] of Object.entries(DIRECT)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, path, coerce(value, getPath(defaults, path)));
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith('GOPHERGATE_')) continue;
    const rest = name.slice('GOPHERGATE_'.length).toLowerCase();
    if (rest === 'aliases') {
      try { raw.aliases = JSON.parse(value); } catch { errors.push(`aliases (from ${name}) must be a JSON object`); }
      continue;
    }
    if (rest === 'providers' || rest === 'routing') {
      try { raw[rest] = JSON.parse(value); } catch { errors.push(`${rest} (from ${name}) must be a JSON array`); }
      continue;
    }
    const section = SECTIONS.find((s) => rest.startsWith(`${s}_`));
    if (!section) continue;
    const path = `${section}.${rest.slice(section.length + 1)}`;
    setPath(raw, path, UNCOERCED.has(path) ? value : coerce(value, getPath(defaults, path)));
  }
  return errors;
}

/** Add the providers that the contract's env keys enable, unless the file already defines one by that name; resolve api_key_env. */
export function resolveProviderEnv(raw: Record<string, unknown>, env: Env): void {
  const list = Array.isArray(raw.providers) ? (raw.providers as Record<string, unknown>[]) : [];
  for (const p of ENV_PROVIDERS) {
    const value = env[p.env];
    if (!value) continue;
    if (list.some((existing) => existing && existing.name === p.name)) continue;
    list.push({
      name: p.name,
      kind: p.kind,
      ...(p.keyless ? { base_url: value } : { api_key_env: p.env }),
      ...(p.preset ? { preset: p.preset } : {}),
    });
  }
  for (const p of list) {
    if (p && typeof p === 'object' && typeof p.api_key_env === 'string' && p.api_key === undefined) {
      const key = env[p.api_key_env];
      if (key) p.api_key = key;
    }
  }
  raw.providers = list;
}
