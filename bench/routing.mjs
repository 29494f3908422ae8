// `node bench/routing.mjs`: what each routing strategy costs on the gateway's hot path, measured side by side in one
// gateway against one mock upstream: a plain single-provider rule (today's routing), and two-target rules with the
// `ordered`, `weighted`, `least_busy` and `lowest_latency` strategies (both targets are the same mock, so only the
// gateway's work differs). Free models: no credit writes, so routing is a larger share of what is measured.
// Interleaved sequential requests (p50/p99 per rule) and a short autocannon run per rule (gateway CPU per request).
// BENCH_QUICK=1: a shorter run. Loopback only; every phase is bounded in requests and time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { BENCH_ADMIN, cpuMs, median, percentile, provisionKey, startGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const QUICK = process.env.BENCH_QUICK === '1';
const SEQ = QUICK ? 300 : 1500;
const LOAD_SECONDS = QUICK ? 3 : 8;
const ROUNDS = QUICK ? 2 : 3;
const RULES = ['plain', 'ordered', 'weighted', 'least_busy', 'lowest_latency'];

const mock = await startMock();
const dataDir = mkdtempSync(join(tmpdir(), 'gg-bench-routing-'));
const provider = (name) => ({ name, kind: 'openai', base_url: `${mock.url}/v1`, api_key: `sk-bench-${name}` });
const gateway = await startGateway(root, {
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  GOPHERGATE_ADMIN_USER: BENCH_ADMIN.username,
  GOPHERGATE_ADMIN_PASSWORD: BENCH_ADMIN.password,
  GOPHERGATE_SECRET_KEY: 'b'.repeat(64),
  GOPHERGATE_REGISTRY_URL: '',
  GOPHERGATE_BILLING_UNPRICED_MODELS: 'free',
  GOPHERGATE_PROVIDERS: JSON.stringify([provider('a'), provider('b')]),
  GOPHERGATE_ROUTING: JSON.stringify([
    { match: 'plain-*', provider: 'a' },
    ...RULES.slice(1).map((strategy) => ({ match: `${strategy}-*`, targets: [{ provider: 'a', weight: 3 }, { provider: 'b', weight: 1 }], strategy })),
  ]),
});
const key = await provisionKey(gateway.url, BENCH_ADMIN);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
const body = (rule) => JSON.stringify({ model: `${rule}-model`, messages: [{ role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 });
const dispatcher = new Agent({ connections: 16, pipelining: 1, keepAliveTimeout: 60_000 });

async function once(rule) {
  const started = performance.now();
  const res = await request(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: body(rule), dispatcher });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${rule}: HTTP ${res.statusCode}`);
  return performance.now() - started;
}

function cannon(rule) {
  const before = cpuMs(gateway.child.pid);
  return new Promise((resolve, reject) => {
    autocannon({ url: `${gateway.url}/v1/chat/completions`, method: 'POST', headers, body: body(rule), connections: 10, duration: LOAD_SECONDS, pipelining: 1 }, (err, res) => {
      if (err) return reject(err);
      resolve({ rps: res['2xx'] / (res.duration || LOAD_SECONDS), cpuPerRequest: (cpuMs(gateway.child.pid) - before) / Math.max(1, res.requests.total), non2xx: res.non2xx });
    });
  });
}

/**
 * In process, on the built modules: the routing work of one request (plan the route, then choose a key for the
 * attempt, the upstream call itself left out), per rule, in µs: robust to other load on a shared machine.
 */
async function inProcess() {
  const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
  const { Logger } = await import('@nestjs/common');
  Logger.overrideLogger(false);
  const { loadConfig } = await dist('config/index.js');
  const { EventBus, MetricsRegistry } = await dist('common/index.js');
  const { ProviderRegistry, GatewayMetrics, CooldownBoard, TargetStats } = await dist('providers/index.js');
  const { RoutingService } = await dist('registry/index.js');
  const { GatewayRouter } = await dist('gateway/index.js');
  const config = loadConfig({
    DATA_DIR: dataDir,
    GOPHERGATE_BILLING_UNPRICED_MODELS: 'free',
    GOPHERGATE_PROVIDERS: JSON.stringify([provider('a'), provider('b')]),
    GOPHERGATE_ROUTING: JSON.stringify([
      { match: 'plain-*', provider: 'a' },
      ...RULES.slice(1).map((strategy) => ({ match: `${strategy}-*`, targets: [{ provider: 'a', weight: 3 }, { provider: 'b', weight: 1 }], strategy })),
    ]),
  }, dataDir);
  const metrics = new MetricsRegistry();
  const board = new CooldownBoard(metrics);
  const stats = new TargetStats(metrics);
  const registry = new ProviderRegistry(config, new EventBus(), new GatewayMetrics(metrics), board);
  const catalog = { lookup: () => null, info: () => ({ source: 'bundled', loadedAt: 1, models: 0 }), list: () => [] };
  const router = new GatewayRouter(registry, config, new RoutingService(config), catalog, () => null, board, stats);
  const N = QUICK ? 20_000 : 100_000;
  const one = async (rule) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const plan = router.plan(`${rule}-model`);
      const c = plan.candidates[0];
      if (c.lane) await c.lane.attempt(() => false, () => undefined);
    }
    return Number(process.hrtime.bigint() - started) / 1000 / N;
  };
  for (const rule of RULES) await one(rule); // warm-up: every path compiled before anything is measured
  const runs = Object.fromEntries(RULES.map((r) => [r, []]));
  for (let round = 0; round < 7; round++) for (const rule of [...RULES.slice(round % RULES.length), ...RULES.slice(0, round % RULES.length)]) runs[rule].push(await one(rule));
  const perRule = Object.fromEntries(RULES.map((r) => [r, median(runs[r])]));
  await registry.onApplicationShutdown();
  return perRule;
}

try {
  const micro = await inProcess();
  for (let i = 0; i < 30; i++) for (const rule of RULES) await once(rule); // warm-up
  const times = Object.fromEntries(RULES.map((r) => [r, []]));
  for (let i = 0; i < SEQ; i++) {
    const order = [...RULES.slice(i % RULES.length), ...RULES.slice(0, i % RULES.length)]; // rotate who goes first
    for (const rule of order) times[rule].push(await once(rule));
  }
  const load = Object.fromEntries(RULES.map((r) => [r, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...RULES.slice(round % RULES.length), ...RULES.slice(0, round % RULES.length)];
    for (const rule of order) load[rule].push(await cannon(rule));
  }
  const rows = RULES.map((rule) => {
    const s = [...times[rule]].sort((a, b) => a - b);
    return {
      rule,
      p50_ms: Number(percentile(s, 50).toFixed(3)),
      p99_ms: Number(percentile(s, 99).toFixed(3)),
      rps_10: Math.round(median(load[rule].map((x) => x.rps))),
      cpu_ms_per_request: Number(median(load[rule].map((x) => x.cpuPerRequest)).toFixed(3)),
      non2xx: load[rule].reduce((n, x) => n + x.non2xx, 0),
    };
  });
  for (const r of rows) r.routing_us_in_process = Number(micro[r.rule].toFixed(2));
  const base = rows[0];
  console.log(`in process: routing work per request (plan + key choice), µs: ${rows.map((r) => `${r.rule} ${r.routing_us_in_process}`).join(', ')}`);
  console.log(`routing strategies, ${SEQ} sequential requests per rule (interleaved), ${ROUNDS}×${LOAD_SECONDS} s at 10 connections per rule${QUICK ? ' (BENCH_QUICK)' : ''}`);
  console.log('rule            p50 ms  Δp50 ms  p99 ms  req/s@10  CPU ms/req  Δ CPU ms/req');
  for (const r of rows) {
    console.log(`${r.rule.padEnd(15)} ${r.p50_ms.toFixed(3).padStart(6)}  ${(r.p50_ms - base.p50_ms).toFixed(3).padStart(7)}  ${r.p99_ms.toFixed(3).padStart(6)}  ${String(r.rps_10).padStart(8)}  ${r.cpu_ms_per_request.toFixed(3).padStart(10)}  ${(r.cpu_ms_per_request - base.cpu_ms_per_request).toFixed(3).padStart(12)}`);
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, `bench/results/routing-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ quick: QUICK, rows }, null, 2));
} finally {
  gateway.child.kill('SIGTERM');
  mock.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
