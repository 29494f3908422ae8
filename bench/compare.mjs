// `BENCH_OLD_MAIN=<other build>/dist/main.js npm run bench:compare`: two builds of the gateway measured side by side in
// ONE run, interleaved request by request and round by round, against the same mock and the direct path — so a change
// is judged against the noise of this machine at this moment, not against a figure from another day.
// Both gateways run the bench configuration (lib.mjs: SQLite, auth, credit, logs). Chat completions only: the surface
// every build has. Loopback only; every phase is bounded in requests and time. BENCH_QUICK=1: a short run.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { BENCH_ADMIN, cpuMs, median, percentile, provisionKey, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const oldMain = process.env.BENCH_OLD_MAIN;
if (!oldMain) {
  process.stderr.write('Set BENCH_OLD_MAIN to the dist/main.js of the build to compare with (e.g. a git worktree of the old commit, built).\n');
  process.exit(2);
}
const QUICK = process.env.BENCH_QUICK === '1';
const SEQ = QUICK ? 60 : 300;
const LOAD_SECONDS = QUICK ? 3 : 8;
const ROUNDS = QUICK ? 2 : 4;

const body = (stream) =>
  JSON.stringify({ model: 'bench-model', stream, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 });

async function start(main) {
  const saved = process.env.BENCH_GATEWAY_MAIN;
  process.env.BENCH_GATEWAY_MAIN = main;
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-compare-'));
  try {
    const gateway = await startBenchGateway(root, mock, dataDir);
    const key = await provisionKey(gateway.url, BENCH_ADMIN);
    return { ...gateway, dataDir, url: `${gateway.url}/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } };
  } finally {
    if (saved === undefined) delete process.env.BENCH_GATEWAY_MAIN;
    else process.env.BENCH_GATEWAY_MAIN = saved;
  }
}

const mock = await startMock();
const targets = {
  direct: { url: `${mock.url}/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' } },
  old: await start(resolve(oldMain)),
  new: await start(process.env.BENCH_GATEWAY_MAIN ?? 'dist/main.js'),
};
const names = Object.keys(targets);
const dispatcher = new Agent({ connections: 16, pipelining: 1, keepAliveTimeout: 60_000 });

async function once(target, stream) {
  const started = performance.now();
  const res = await request(target.url, { method: 'POST', headers: target.headers, body: body(stream), dispatcher });
  if (res.statusCode !== 200) throw new Error(`${target.url}: HTTP ${res.statusCode} ${await res.body.text()}`);
  let first = null;
  if (!stream) await res.body.text();
  else for await (const chunk of res.body) if (first === null && /"content":"[^"]/.test(chunk.toString('utf8'))) first = performance.now() - started;
  return { total: performance.now() - started, first };
}

/** Concurrency 1, the three targets in a rotating order each iteration. */
async function sequential(stream) {
  for (let i = 0; i < 20; i++) for (const n of names) await once(targets[n], stream); // warm-up
  const out = Object.fromEntries(names.map((n) => [n, { total: [], first: [] }]));
  for (let i = 0; i < SEQ; i++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      const r = await once(targets[n], stream);
      out[n].total.push(r.total);
      if (r.first !== null) out[n].first.push(r.first);
    }
  }
  const p50 = (xs) => percentile([...xs].sort((a, b) => a - b), 50);
  return Object.fromEntries(names.map((n) => [n, { p50: p50(out[n].total), first: stream ? p50(out[n].first) : null }]));
}

function cannon(target, stream) {
  const before = target.child ? cpuMs(target.child.pid) : null;
  return new Promise((ok, fail) =>
    autocannon({ url: target.url, method: 'POST', headers: target.headers, body: body(stream), connections: 50, duration: LOAD_SECONDS }, (err, res) => {
      if (err) return fail(err);
      const cpu = before === null ? null : (cpuMs(target.child.pid) - before) / Math.max(1, res.requests.total);
      ok({ rps: res['2xx'] / (res.duration || LOAD_SECONDS), non2xx: res.non2xx, cpu });
    }),
  );
}

/** 50 connections, each round the three targets in a rotating order; medians over the rounds. */
async function load(stream) {
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = {};
    for (let j = 0; j < names.length; j++) {
      const n = names[(round + j) % names.length];
      r[n] = await cannon(targets[n], stream);
    }
    rounds.push(r);
  }
  const med = (n, f) => median(rounds.map((r) => f(r[n])));
  return Object.fromEntries(names.map((n) => [n, { rps: med(n, (x) => x.rps), ratio: median(rounds.map((r) => r[n].rps / r.direct.rps)), cpu: n === 'direct' ? null : med(n, (x) => x.cpu), non2xx: rounds.reduce((a, r) => a + r[n].non2xx, 0) }]));
}

const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
let results;
try {
  results = { nonStream: await sequential(false), stream: await sequential(true), loadNonStream: await load(false), loadStream: await load(true) };
} finally {
  for (const n of ['old', 'new']) targets[n].child.kill('SIGTERM');
  mock.child.kill('SIGTERM');
  dispatcher.close();
}
for (const n of ['old', 'new']) rmSync(targets[n].dataDir, { recursive: true, force: true });

const f = (x) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
const added = (phase, n, field) => results[phase][n][field] - results[phase].direct[field];
const rows = [
  ['non-stream p50 added (ms)', f(added('nonStream', 'old', 'p50')), f(added('nonStream', 'new', 'p50'))],
  ['first delta p50 added (ms)', f(added('stream', 'old', 'first')), f(added('stream', 'new', 'first'))],
  ['50 conns non-stream, × direct', f(results.loadNonStream.old.ratio), f(results.loadNonStream.new.ratio)],
  ['50 conns stream, × direct', f(results.loadStream.old.ratio), f(results.loadStream.new.ratio)],
  ['CPU per request non-stream (ms)', f(results.loadNonStream.old.cpu), f(results.loadNonStream.new.cpu)],
  ['CPU per request stream (ms)', f(results.loadStream.old.cpu), f(results.loadStream.new.cpu)],
  ['non-2xx under load', String(results.loadNonStream.old.non2xx + results.loadStream.old.non2xx), String(results.loadNonStream.new.non2xx + results.loadStream.new.non2xx)],
];
process.stdout.write(`\nold: ${oldMain}\nnew: ${process.env.BENCH_GATEWAY_MAIN ?? 'dist/main.js'}\nload average at start: ${loadAtStart}${QUICK ? ' (quick run)' : ''}\n\n`);
process.stdout.write(`| measure | old | new |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
