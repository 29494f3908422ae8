// `node bench/probe.mjs`: where the gateway's added latency comes from, layer by layer, at concurrency 1 (loopback).
// Compares: the mock directly; the gateway's /health (HTTP stack only); /v1/models (key check + Nest route);
// a chat completion on a free model (no credit writes); a priced chat completion (the full path).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { BENCH_ADMIN, percentile, provisionKey, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const N = Number(process.env.PROBE_N ?? 400);
const mock = await startMock();
const dataDir = mkdtempSync(join(tmpdir(), 'gg-probe-'));
const gateway = await startBenchGateway(root, mock, dataDir);
const key = await provisionKey(gateway.url, BENCH_ADMIN);
const dispatcher = new Agent({ connections: 4, pipelining: 1 });
const chat = (model, stream = false) => JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 });
const cases = {
  'mock direct (POST)': { url: `${mock.url}/v1/chat/completions`, method: 'POST', body: chat('bench-model'), headers: { 'content-type': 'application/json' } },
  'gateway /health': { url: `${gateway.url}/health`, method: 'GET' },
  'gateway /v1/models': { url: `${gateway.url}/v1/models`, method: 'GET', headers: { authorization: `Bearer ${key}` } },
  'gateway chat, free model': { url: `${gateway.url}/v1/chat/completions`, method: 'POST', body: chat('free-model'), headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } },
  'gateway chat, priced': { url: `${gateway.url}/v1/chat/completions`, method: 'POST', body: chat('bench-model'), headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } },
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < N + 50; i++) {
  for (const [name, c] of Object.entries(cases)) {
    const t0 = performance.now();
    const res = await request(c.url, { ...c, dispatcher });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode}`);
    if (i >= 50) times[name].push(performance.now() - t0);
  }
}
for (const [name, xs] of Object.entries(times)) {
  xs.sort((a, b) => a - b);
  process.stdout.write(`${name.padEnd(28)} p50 ${percentile(xs, 50).toFixed(3)} ms  p90 ${percentile(xs, 90).toFixed(3)} ms  p99 ${percentile(xs, 99).toFixed(3)} ms\n`);
}
gateway.child.kill('SIGTERM');
gateway.tracing?.child.kill('SIGTERM');
mock.child.kill('SIGTERM');
await new Promise((r) => gateway.child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
await dispatcher.close();
