// `npm run bench`: the gateway's overhead against the direct path, measured side by side in one run.
// Loopback only; every phase is bounded in requests and time. Results: a table on stdout and bench/results/*.json.
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { BENCH_ADMIN, cpuMs, median, percentile, provisionKey, rssMb, sleep, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const QUICK = process.env.BENCH_QUICK === '1';
const SEQ = QUICK ? 50 : 300;
const LOAD_SECONDS = QUICK ? 3 : 10;
const ROUNDS = QUICK ? 1 : 3;
const OPEN_STREAMS = 500;
const LONG_REQUESTS = QUICK ? 10_000 : 100_000;
const LONG_RUN_MAX_MS = QUICK ? 60_000 : 240_000;

const body = (stream, model = 'bench-model') =>
  JSON.stringify({ model, stream, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 });

const mock = await startMock();
const dataDir = mkdtempSync(join(tmpdir(), 'gg-bench-'));
const gateway = await startBenchGateway(root, mock, dataDir);
const key = await provisionKey(gateway.url, BENCH_ADMIN);

const targets = {
  direct: { url: `${mock.url}/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' } },
  gateway: { url: `${gateway.url}/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } },
};
// The Messages surface, relayed to an Anthropic-kind provider on the same mock (the relay's overhead against chat's).
const messagesBody = (stream) =>
  JSON.stringify({ model: 'bench-claude', stream, max_tokens: 64, system: 'You are terse.', messages: [{ role: 'user', content: 'Say something about foxes.' }] });
const messagesTargets = {
  direct: { url: `${mock.url}/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' }, body: messagesBody },
  gateway: { url: `${gateway.url}/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: messagesBody },
};
// The Responses surface, relayed to the mock's /v1/responses (the provider is an openai kind).
const responsesBody = (stream) =>
  JSON.stringify({ model: 'bench-model', stream, store: false, instructions: 'You are terse.', input: [{ role: 'user', content: 'Say something about foxes.' }], max_output_tokens: 64 });
const responsesTargets = {
  direct: { url: `${mock.url}/v1/responses`, headers: targets.direct.headers, body: responsesBody },
  gateway: { url: `${gateway.url}/v1/responses`, headers: targets.gateway.headers, body: responsesBody },
};
const dispatcher = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 60_000 });

/** One request; returns total ms and, for streams, ms to the first content delta. */
async function once(target, stream) {
  const started = performance.now();
  const res = await request(target.url, { method: 'POST', headers: target.headers, body: (target.body ?? body)(stream), dispatcher });
  if (res.statusCode !== 200) throw new Error(`${target.url}: HTTP ${res.statusCode} ${await res.body.text()}`);
  let firstDelta = null;
  if (!stream) {
    await res.body.text();
  } else {
    for await (const chunk of res.body) {
      if (firstDelta === null && /"(?:content|text|delta)":"[^"]/.test(chunk.toString('utf8'))) firstDelta = performance.now() - started;
    }
  }
  return { total: performance.now() - started, firstDelta };
}

async function sequential(stream, pair = targets) {
  for (let i = 0; i < 20; i++) { await once(pair.direct, stream); await once(pair.gateway, stream); } // warm-up
  const out = { direct: { total: [], first: [] }, gateway: { total: [], first: [] } };
  for (let i = 0; i < SEQ; i++) {
    const order = i % 2 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    for (const name of order) {
      const r = await once(pair[name], stream);
      out[name].total.push(r.total);
      if (r.firstDelta !== null) out[name].first.push(r.firstDelta);
    }
  }
  const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { p50: percentile(s, 50), p99: percentile(s, 99) }; };
  const result = { direct: stats(out.direct.total), gateway: stats(out.gateway.total) };
  if (stream) { result.directFirst = stats(out.direct.first); result.gatewayFirst = stats(out.gateway.first); }
  return result;
}

/** One load run; for the gateway also its CPU time per request (robust to other load on the machine). */
function cannon(target, stream, connections, extra = {}) {
  const cpuBefore = target.url.startsWith(gateway.url) ? cpuMs(gateway.child.pid) : null;
  return new Promise((resolve, reject) => {
    autocannon({ url: target.url, method: 'POST', headers: target.headers, body: (target.body ?? body)(stream), connections, duration: LOAD_SECONDS, pipelining: 1, ...extra }, (err, res) => {
      if (err) return reject(err);
      const cpuPerRequest = cpuBefore === null ? null : (cpuMs(gateway.child.pid) - cpuBefore) / Math.max(1, res.requests.total);
      resolve({ rps: res['2xx'] / ((res.duration || LOAD_SECONDS)), p50: res.latency.p50, p99: res.latency.p99, non2xx: res.non2xx, errors: res.errors, cpuPerRequest });
    });
  });
}

async function load(stream, connections, pair = targets) {
  const ratios = [];
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    const r = {};
    for (const name of order) r[name] = await cannon(pair[name], stream, connections);
    rounds.push(r);
    ratios.push(r.gateway.rps / r.direct.rps);
  }
  return {
    rounds, ratio: median(ratios), direct: median(rounds.map((r) => r.direct.rps)), gateway: median(rounds.map((r) => r.gateway.rps)),
    gatewayP50: median(rounds.map((r) => r.gateway.p50)), gatewayP99: median(rounds.map((r) => r.gateway.p99)),
    gatewayCpuMs: median(rounds.map((r) => r.gateway.cpuPerRequest)), non2xx: rounds.reduce((a, r) => a + r.gateway.non2xx, 0),
  };
}

async function openStreams() {
  const before = rssMb(gateway.child.pid);
  const controllers = [];
  const opened = [];
  for (let i = 0; i < OPEN_STREAMS; i++) {
    const ac = new AbortController();
    controllers.push(ac);
    opened.push(
      request(targets.gateway.url, { method: 'POST', headers: targets.gateway.headers, body: body(true, 'bench-slow'), signal: ac.signal, dispatcher: new Agent({ connections: 1 }) })
        .then(async (res) => { const it = res.body[Symbol.asyncIterator](); await it.next(); res.body.on('error', () => {}); return res.statusCode; }),
    );
  }
  const statuses = await Promise.race([Promise.all(opened), sleep(30_000).then(() => { throw new Error('open streams timed out'); })]);
  await sleep(1000);
  const during = rssMb(gateway.child.pid);
  for (const ac of controllers) ac.abort();
  await sleep(1500);
  return { streams: statuses.filter((s) => s === 200).length, rssBeforeMb: before, rssWithStreamsMb: during };
}

async function longRun() {
  await sleep(1000);
  const before = rssMb(gateway.child.pid);
  // bounded in count and in time: a run that has not finished after LONG_RUN_MAX_MS is stopped and reported as is
  const res = await new Promise((resolve, reject) => {
    const instance = autocannon({ url: targets.gateway.url, method: 'POST', headers: targets.gateway.headers, body: body(false), connections: 50, amount: LONG_REQUESTS }, (e, r) => (e ? reject(e) : resolve(r)));
    const stop = setTimeout(() => instance.stop(), LONG_RUN_MAX_MS);
    instance.on('done', () => clearTimeout(stop));
  });
  await sleep(3000);
  const after = rssMb(gateway.child.pid);
  return { requests: res['2xx'], rssBeforeMb: before, rssAfterMb: after, growthMb: Math.round((after - before) * 10) / 10 };
}

const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100) }, quick: QUICK, tracing: Boolean(gateway.tracing) };
try {
  process.stderr.write('concurrency 1, non-streaming…\n');
  results.seqNonStream = await sequential(false);
  process.stderr.write('concurrency 1, streaming…\n');
  results.seqStream = await sequential(true);
  for (const c of [10, 50]) {
    process.stderr.write(`load ${c} connections…\n`);
    results[`load${c}NonStream`] = await load(false, c);
    results[`load${c}Stream`] = await load(true, c);
  }
  process.stderr.write('Responses relay: concurrency 1 and 50 connections…\n');
  results.responsesSeqNonStream = await sequential(false, responsesTargets);
  results.responsesSeqStream = await sequential(true, responsesTargets);
  results.responsesLoad50NonStream = await load(false, 50, responsesTargets);
  process.stderr.write('Messages relay: concurrency 1 and 50 connections…\n');
  results.messagesSeqNonStream = await sequential(false, messagesTargets);
  results.messagesSeqStream = await sequential(true, messagesTargets);
  results.messagesLoad50NonStream = await load(false, 50, messagesTargets);
    process.stderr.write(`${OPEN_STREAMS} open streams…\n`);
  results.openStreams = await openStreams();
  process.stderr.write(`${LONG_REQUESTS} requests for memory growth…\n`);
  results.longRun = await longRun();
} finally {
  results.machine.loadavgAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  gateway.child.kill('SIGTERM');
  gateway.tracing?.child.kill('SIGTERM');
  mock.child.kill('SIGTERM');
  await sleep(500);
  rmSync(dataDir, { recursive: true, force: true });
}

const f = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const rows = [
  ['non-stream p50 added (ms)', f(results.seqNonStream.gateway.p50 - results.seqNonStream.direct.p50), '≤ 1.0'],
  ['non-stream p99 added (ms)', f(results.seqNonStream.gateway.p99 - results.seqNonStream.direct.p99), '≤ 5.0'],
  ['stream first-delta p50 added (ms)', f(results.seqStream.gatewayFirst.p50 - results.seqStream.directFirst.p50), '≤ 1.0'],
  ['stream full p50 added (ms)', f(results.seqStream.gateway.p50 - results.seqStream.direct.p50), ''],
  ...[10, 50].flatMap((c) => [
    [`${c} conns non-stream rps gateway / direct`, `${results[`load${c}NonStream`].gateway.toFixed(0)} / ${results[`load${c}NonStream`].direct.toFixed(0)} = ${f(results[`load${c}NonStream`].ratio)}×`, c === 50 ? '≥ 0.25×' : ''],
    [`${c} conns stream rps gateway / direct`, `${results[`load${c}Stream`].gateway.toFixed(0)} / ${results[`load${c}Stream`].direct.toFixed(0)} = ${f(results[`load${c}Stream`].ratio)}×`, c === 50 ? '≥ 0.25×' : ''],
  ]),
  ['Responses relay: non-stream p50 added, chat / responses (ms)', `${f(results.seqNonStream.gateway.p50 - results.seqNonStream.direct.p50)} / ${f(results.responsesSeqNonStream.gateway.p50 - results.responsesSeqNonStream.direct.p50)}`, ''],
  ['Responses relay: stream first-delta p50 added, chat / responses (ms)', `${f(results.seqStream.gatewayFirst.p50 - results.seqStream.directFirst.p50)} / ${f(results.responsesSeqStream.gatewayFirst.p50 - results.responsesSeqStream.directFirst.p50)}`, ''],
  ['Responses relay: 50 conns non-stream rps gateway / direct', `${results.responsesLoad50NonStream.gateway.toFixed(0)} / ${results.responsesLoad50NonStream.direct.toFixed(0)} = ${f(results.responsesLoad50NonStream.ratio)}× (chat ${f(results.load50NonStream.ratio)}×)`, ''],
  ['Messages relay: non-stream p50 added, chat / messages (ms)', `${f(results.seqNonStream.gateway.p50 - results.seqNonStream.direct.p50)} / ${f(results.messagesSeqNonStream.gateway.p50 - results.messagesSeqNonStream.direct.p50)}`, 'within 10 %'],
  ['Messages relay: stream first-delta p50 added, chat / messages (ms)', `${f(results.seqStream.gatewayFirst.p50 - results.seqStream.directFirst.p50)} / ${f(results.messagesSeqStream.gatewayFirst.p50 - results.messagesSeqStream.directFirst.p50)}`, 'within 10 %'],
  ['Messages relay: 50 conns non-stream rps gateway / direct', `${results.messagesLoad50NonStream.gateway.toFixed(0)} / ${results.messagesLoad50NonStream.direct.toFixed(0)} = ${f(results.messagesLoad50NonStream.ratio)}× (chat ${f(results.load50NonStream.ratio)}×)`, ''],
  ['gateway CPU per request at 50 conns, non-stream / stream (ms)', `${f(results.load50NonStream.gatewayCpuMs)} / ${f(results.load50Stream.gatewayCpuMs)}`, ''],
  [`RSS with ${results.openStreams.streams} open streams (MB)`, f(results.openStreams.rssWithStreamsMb), '≤ 250'],
  [`RSS growth over ${results.longRun.requests} requests (MB)`, `${f(results.longRun.growthMb)} (${f(results.longRun.rssBeforeMb)} → ${f(results.longRun.rssAfterMb)})`, '≤ 30'],
];
const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`\nGopherGate overhead benchmark — ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memGb} GB, Node ${results.machine.node}${QUICK ? ' (quick)' : ''}${results.tracing ? ', tracing on (OTLP/HTTP to a local sink)' : ''}; load average ${results.machine.loadavgAtStart.join(' ')} at start, ${results.machine.loadavgAtEnd.join(' ')} at end\n\n`);
process.stdout.write(`| ${'measure'.padEnd(width)} | result | target |\n| ${'-'.repeat(width)} | --- | --- |\n`);
for (const [a, b, c] of rows) process.stdout.write(`| ${a.padEnd(width)} | ${b} | ${c} |\n`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
process.stdout.write(`\nraw results: ${file}\n`);
process.exit(0);
