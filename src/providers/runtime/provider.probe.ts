import { AttemptControl } from '../transport/attempt.control.js';
import { httpFailure, send } from '../transport/upstream.exchange.js';
import { redactSecrets } from '../transport/secret.redactor.js';
import type { ProviderRuntime } from './provider.runtime.js';

/** The cheapest authenticated call each kind has: its model list. */
const PROBE_PATH: Record<string, string> = {
  openai: 'models',
  'openai-compatible': 'models',
  anthropic: 'models',
  gemini: 'models',
  ollama: 'api/tags',
};

/** A real upstream call (no tokens spent) checking reachability and credentials. Never throws. */
export async function probeProvider(rt: ProviderRuntime): Promise<{ ok: boolean; latency_ms: number; message: string }> {
  const started = performance.now();
  const never = new AbortController();
  const seconds = Math.min(rt.def.timeout_seconds, 15);
  const control = new AttemptControl(never.signal, rt.name, seconds, 'response');
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const res = await send(rt, { method: 'GET', path: PROBE_PATH[rt.def.kind] ?? 'models', headers: { accept: 'application/json' } }, control);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      await res.body.dump();
      return { ok: true, latency_ms: elapsed(), message: `HTTP ${res.statusCode}` };
    }
    const failure = await httpFailure(rt, res);
    return { ok: false, latency_ms: elapsed(), message: `HTTP ${res.statusCode}: ${failure.error.message}` };
  } catch (err) {
    const failure = control.failureFor(err);
    return { ok: false, latency_ms: elapsed(), message: redactSecrets(failure.message, rt.secrets) };
  } finally {
    control.dispose();
  }
}
