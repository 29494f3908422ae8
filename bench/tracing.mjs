// `node bench/tracing.mjs`: what tracing costs, measured A/B in one run. Two built gateways on one mock upstream, one
// with tracing off and one exporting every span over OTLP/HTTP to a local sink, measured in alternation (so load from
// elsewhere on the machine falls on both alike): non-streaming latency at concurrency 1, then throughput and gateway
// CPU per request at 50 connections. Loopback only; bounded in requests and time. BENCH_QUICK=1 shortens it.
// To compare a tracing-off build with an older one instead: BENCH_OFF_MAIN=<other build's main.js> BENCH_ON_TRACING=0
// (the "off" column runs that build, the "on" column this one, both untraced).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { BENCH_ADMIN, cpuMs, median, percentile, provisionKey, sleep, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 3 : 6;
const SEQ = QUICK ? 100 : 300;
const LOAD_SECONDS = QUICK ? 3 : 5;
const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 });

const mock = await startMock();
const dirs = [mkdtempSync(join(tmpdir(), 'gg-bench-off-')), mkdtempSync(join(tmpdir(), 'gg-bench-on-'))];
const saved = process.env.BENCH_TRACING;
const started = [];
try {
  const savedMain = process.env.BENCH_GATEWAY_MAIN;
  process.env.BENCH_TRACING = '0';
  if (process.env.BENCH_OFF_MAIN) process.env.BENCH_GATEWAY_MAIN = process.env.BENCH_OFF_MAIN;
  started.push(await startBenchGateway(root, mock, dirs[0]));
  if (savedMain === undefined) delete process.env.BENCH_GATEWAY_MAIN;
  else process.env.BENCH_GATEWAY_MAIN = savedMain;
  process.env.BENCH_TRACING = process.env.BENCH_ON_TRACING ?? '1';
  started.push(await startBenchGateway(root, mock, dirs[1]));
  if (saved === undefined) delete process.env.BENCH_TRACING;
  else process.env.BENCH_TRACING = saved;
  const [off, on] = started;
  const targets = { off: { gw: off, key: await provisionKey(off.url, BENCH_ADMIN) }, on: { gw: on, key: await provisionKey(on.url, BENCH_ADMIN) } };
  const dispatcher = new Agent({ connections: 8, keepAliveTimeout: 60_000 });
  const once = async (t) => {
    const t0 = performance.now();
    const res = await request(`${t.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` }, body, dispatcher });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return { ms: performance.now() - t0, overhead: Number(res.headers['x-gophergate-overhead-ms'] ?? NaN) };
  };
  const cannon = (t) => new Promise((resolve, reject) => {
    const cpu0 = cpuMs(t.gw.child.pid);
    autocannon({ url: `${t.gw.url}/v1/chat/completions`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` }, body, connections: 50, duration: LOAD_SECONDS }, (err, r) => {
      if (err) return reject(err);
      resolve({ rps: r['2xx'] / (r.duration || LOAD_SECONDS), cpuMsPerRequest: (cpuMs(t.gw.child.pid) - cpu0) / Math.max(1, r.requests.total) });
    });
  });
  for (let i = 0; i < 30; i++) { await once(targets.off); await once(targets.on); }
  const seq = { off: { ms: [], overhead: [] }, on: { ms: [], overhead: [] } };
  const load = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['on', 'off'] : ['off', 'on'];
    for (let i = 0; i < SEQ; i++) for (const name of order) { const r = await once(targets[name]); seq[name].ms.push(r.ms); seq[name].overhead.push(r.overhead); }
    for (const name of order) load[name].push(await cannon(targets[name]));
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
  }
  const p = (xs, q) => percentile([...xs].sort((a, b) => a - b), q);
  const row = (name) => ({
    p50: p(seq[name].ms, 50), p99: p(seq[name].ms, 99), overheadP50: p(seq[name].overhead, 50), overheadP99: p(seq[name].overhead, 99),
    rps: median(load[name].map((l) => l.rps)), cpuMsPerRequest: median(load[name].map((l) => l.cpuMsPerRequest)),
  });
  const r = { off: row('off'), on: row('on') };
  const f = (x) => (Number.isFinite(x) ? (Math.round(x * 100) / 100).toFixed(2) : '—');
  const what = process.env.BENCH_OFF_MAIN ? `off = ${process.env.BENCH_OFF_MAIN}, on = this build with tracing ${process.env.BENCH_ON_TRACING === '0' ? 'off' : 'on'}` : 'tracing off / on';
  process.stdout.write(`\n${what}: A/B in alternation (${ROUNDS} rounds; ${SEQ} sequential requests per gateway per round, then 50 connections for ${LOAD_SECONDS} s each)\n\n`);
  const [offLabel, onLabel] = process.env.BENCH_OFF_MAIN ? ['other build', 'this build'] : ['tracing off', 'tracing on'];
  process.stdout.write(`| measure | ${offLabel} | ${onLabel} | difference |\n| --- | --- | --- | --- |\n`);
  for (const [label, k] of [['non-stream p50 at concurrency 1 (ms)', 'p50'], ['non-stream p99 at concurrency 1 (ms)', 'p99'], ['x-gophergate-overhead-ms p50', 'overheadP50'], ['x-gophergate-overhead-ms p99', 'overheadP99'], ['50 connections, requests/s (median)', 'rps'], ['gateway CPU per request at 50 connections (ms)', 'cpuMsPerRequest']]) {
    process.stdout.write(`| ${label} | ${f(r.off[k])} | ${f(r.on[k])} | ${r.on[k] >= r.off[k] ? '+' : ''}${f(r.on[k] - r.off[k])} (${r.off[k] ? `${r.on[k] >= r.off[k] ? '+' : ''}${Math.round(((r.on[k] - r.off[k]) / r.off[k]) * 100)}%` : '—'}) |\n`);
  }
} finally {
  for (const g of started) {
    g.child.kill('SIGTERM');
    g.tracing?.child.kill('SIGTERM');
  }
  mock.child.kill('SIGTERM');
  await sleep(500);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
