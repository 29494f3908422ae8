// Small helpers for the benchmark: child processes, percentiles, RSS and CPU, admin API calls.
// BENCH_GATEWAY_MAIN: another build's main.js to run (default dist/main.js); BENCH_GATEWAY_STDOUT=1: show the gateway's
// log lines (default: discarded, i.e. written to /dev/null). BENCH_TRACING=1: the gateway traces every request and exports
// the spans over OTLP/HTTP (protobuf) to a local sink process (bench/otlp-sink.mjs).
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; USER_HZ = 100). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startMock() {
  const child = fork(new URL('./mock-upstream.mjs', import.meta.url).pathname, ['0'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`mock exited ${code}`)));
  });
  return { child, port, url: `http://127.0.0.1:${port}` };
}

export async function startGateway(root, env, nodeArgs = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, process.env.BENCH_GATEWAY_MAIN ?? 'dist/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', process.env.BENCH_GATEWAY_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error('gateway exited during start');
    if (Date.now() > deadline) throw new Error('gateway did not become ready');
    await sleep(100);
  }
  return { child, port, url };
}

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-password-123' };

/**
 * The gateway every bench script measures: built dist on SQLite in `dataDir`, auth, credit and request logs on, one
 * OpenAI-kind provider pointing at the mock, priced models (`bench-model`, `bench-slow`) and a free one (`free-model`),
 * and an Anthropic-kind provider on the same mock for the Messages relay (`bench-claude`).
 */
export async function startBenchGateway(root, mock, dataDir, nodeArgs = []) {
  const price = { input: 1, output: 2 };
  const tracing = process.env.BENCH_TRACING === '1' ? await startOtlpSink() : null;
  const gateway = await startGateway(root, {
    ...(tracing ? { OTEL_EXPORTER_OTLP_ENDPOINT: tracing.url } : {}),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    GOPHERGATE_ADMIN_USER: BENCH_ADMIN.username,
    GOPHERGATE_ADMIN_PASSWORD: BENCH_ADMIN.password,
    GOPHERGATE_SECRET_KEY: 'b'.repeat(64),
    GOPHERGATE_REGISTRY_URL: '',
    GOPHERGATE_PROVIDERS: JSON.stringify([
      { name: 'mock', kind: 'openai', base_url: `${mock.url}/v1`, api_key: 'sk-bench', pricing: { 'bench-model': price, 'bench-slow': price, 'free-model': { input: 0, output: 0 } } },
      { name: 'mock-ant', kind: 'anthropic', base_url: `${mock.url}/v1`, api_key: 'sk-ant-bench', pricing: { 'bench-claude': price } },
    ]),
    GOPHERGATE_ROUTING: JSON.stringify([{ match: 'bench-claude', provider: 'mock-ant' }, { match: '*', provider: 'mock' }]),
  }, nodeArgs);
  if (tracing) gateway.child.once('exit', () => tracing.child.kill('SIGTERM'));
  return { ...gateway, tracing };
}

/** The OTLP sink for BENCH_TRACING=1 (a child process; stopped with the gateway). */
async function startOtlpSink() {
  const child = fork(new URL('./otlp-sink.mjs', import.meta.url).pathname, ['0'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`otlp sink exited ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function json(url, init = {}) {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Log in as the bench admin, create a client with ample credit and a key; returns the key. */
export async function provisionKey(gatewayUrl, admin) {
  const login = await json(`${gatewayUrl}/api/auth/login`, { method: 'POST', body: JSON.stringify(admin) });
  const auth = { authorization: `Bearer ${login.token}` };
  const client = await json(`${gatewayUrl}/api/clients`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench', credit_usd: 1000000 }) });
  const key = await json(`${gatewayUrl}/api/clients/${client.id}/keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench' }) });
  return key.key;
}
