// `node bench/profile.mjs [stream|nonstream] [seconds] [connections] [chat|messages|responses]`: load the built gateway (on SQLite, like the
// benchmark) under --cpu-prof and print its CPU time per request, the time by component (innermost frame), and the
// hottest functions by self and by inclusive time (start-up left out). Loopback only; bounded by [seconds]. The surface
// (default chat) picks the path and body: messages goes to the Anthropic-kind provider (bench-claude), responses to the
// OpenAI-kind one; the bodies are bench/run.mjs's (the mock has no embeddings endpoint).
// Options (env): TOP, TOP_INCLUSIVE (list lengths), CALLERS=<function> (who calls it), KEEP_PROFILE=1 (keep the
// .cpuprofile), KEEP_DATA=1 (keep the data folder), BENCH_DATA_ROOT (where it goes), BENCH_GATEWAY_MAIN (see lib.mjs).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_ADMIN, cpuMs, provisionKey, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2] ?? 'nonstream';
const seconds = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 10);
const profDir = mkdtempSync(join(tmpdir(), 'gg-prof-'));
const dataDir = mkdtempSync(join(process.env.BENCH_DATA_ROOT ?? tmpdir(), 'gg-prof-data-'));

const mock = await startMock();
const spawnedAt = Date.now();
const gateway = await startBenchGateway(root, mock, dataDir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
const key = await provisionKey(gateway.url, BENCH_ADMIN);
const skipUs = (Date.now() - spawnedAt + 500) * 1000; // start-up and provisioning are not the hot path
const surface = process.argv[5] ?? 'chat';
const stream = mode === 'stream';
const SURFACES = {
  chat: { path: '/v1/chat/completions', body: { model: process.env.BENCH_MODEL ?? 'bench-model', stream, messages: [{ role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 } },
  messages: { path: '/v1/messages', body: { model: process.env.BENCH_MODEL ?? 'bench-claude', stream, max_tokens: 64, system: 'You are terse.', messages: [{ role: 'user', content: 'Say something about foxes.' }] } },
  responses: { path: '/v1/responses', body: { model: process.env.BENCH_MODEL ?? 'bench-model', stream, store: false, instructions: 'You are terse.', input: [{ role: 'user', content: 'Say something about foxes.' }], max_output_tokens: 64 } },
};
const target = SURFACES[surface];
if (!target) throw new Error(`unknown surface '${surface}' (one of ${Object.keys(SURFACES).join(', ')})`);
const body = JSON.stringify(target.body);
const cpuBefore = cpuMs(gateway.child.pid);
const res = await new Promise((resolve, reject) =>
  autocannon({ url: `${gateway.url}${target.path}`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...(surface === 'messages' ? { 'anthropic-version': '2023-06-01' } : {}) }, body, connections, duration: seconds }, (e, r) => (e ? reject(e) : resolve(r))),
);
const cpuUsed = cpuMs(gateway.child.pid) - cpuBefore;
process.stdout.write(`${surface} ${mode}: gateway CPU ${(cpuUsed / res.requests.total).toFixed(3)} ms per request (profiler on); ${res['2xx']} ok, ${res.non2xx} non-2xx, ${(res['2xx'] / seconds).toFixed(0)} req/s, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms\n`);
gateway.child.kill('SIGTERM');
gateway.tracing?.child.kill('SIGTERM');
await new Promise((r) => gateway.child.once('exit', r));
mock.child.kill('SIGTERM');

const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const inclusive = new Map();
const dt = profile.timeDeltas;
let clock = 0;
for (let i = 0; i < profile.samples.length; i++) {
  clock += dt[i] ?? 0;
  if (clock < skipUs) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { callFrame: cf } = byId.get(at);
    const name = `${cf.functionName || '(anon)'} ${cf.url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, 'dist/')}:${cf.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + (dt[i] ?? 0));
  }
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fnSelf = new Map();
const modSelf = new Map();
for (const [id, us] of self) {
  const { callFrame: cf } = byId.get(id);
  const name = `${cf.functionName || '(anon)'} ${cf.url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, 'dist/')}:${cf.lineNumber + 1}`;
  fnSelf.set(name, (fnSelf.get(name) ?? 0) + us);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url)?.[1] ?? (cf.url.includes('/dist/') ? `dist/${cf.url.split('/dist/')[1].split('/')[0]}` : cf.url ? 'node:internal' : cf.functionName);
  modSelf.set(m, (modSelf.get(m) ?? 0) + us);
}
// Components: each sample goes to the innermost frame that names one (leaf first), else to its own leaf module.
const COMPONENTS = [
  ['sqlite', /better-sqlite3|\/logging\/sql\//],
  ['request log', /\/logging\/request-log\//],
  ['logging (pino)', /\/pino|\/sonic-boom|\/logging\/access-log/],
  ['upstream (undici)', /\/undici\//],
  ['billing', /\/billing\//],
  ['auth', /\/auth\//],
  ['gateway', /\/providers\//],
  ['metrics', /prom-client/],
  ['nest', /@nestjs\//],
  ['fastify', /fastify|find-my-way|middie|secure-json-parse/],
  ['common', /\/common\//],
];
const byComponent = new Map();
clock = 0;
for (let i = 0; i < profile.samples.length; i++) {
  clock += dt[i] ?? 0;
  if (clock < skipUs) continue;
  let name = null;
  for (let at = profile.samples[i]; at !== undefined && !name; at = parent.get(at)) {
    const url = byId.get(at).callFrame.url;
    for (const [c, re] of COMPONENTS) if (re.test(url)) { name = c; break; }
  }
  if (!name) name = byId.get(profile.samples[i]).callFrame.url ? 'node core / other' : byId.get(profile.samples[i]).callFrame.functionName;
  byComponent.set(name, (byComponent.get(name) ?? 0) + (dt[i] ?? 0));
}
const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
process.stdout.write(`\nsamples ${(total / 1000).toFixed(0)} ms; per request ${(total / 1000 / res.requests.total).toFixed(3)} ms\n\nTop modules (self):\n`);
for (const [m, us] of [...modSelf].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`  ${pct(us).padStart(6)} ${m}\n`);
process.stdout.write('\nBy component (innermost):\n');
for (const [m, us] of [...byComponent].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${pct(us).padStart(6)} ${m}\n`);
process.stdout.write('\nTop functions (self):\n');
for (const [n, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) process.stdout.write(`  ${pct(us).padStart(6)} ${n}\n`);
process.stdout.write('\nTop functions (inclusive):\n');
for (const [n, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP_INCLUSIVE ?? 60))) process.stdout.write(`  ${pct(us).padStart(6)} ${n}\n`);
if (process.env.CALLERS) {
  // who calls the named function (self time of its samples, by the caller chain's first 3 frames)
  const callers = new Map();
  for (const [id, us] of self) {
    if (byId.get(id).callFrame.functionName !== process.env.CALLERS) continue;
    const chain = [];
    for (let at = parent.get(id); at !== undefined && chain.length < 4; at = parent.get(at)) chain.push(`${byId.get(at).callFrame.functionName || '(anon)'}@${byId.get(at).callFrame.url.split('/').slice(-1)[0]}:${byId.get(at).callFrame.lineNumber + 1}`);
    const k = chain.join(' < ');
    callers.set(k, (callers.get(k) ?? 0) + us);
  }
  process.stdout.write(`\nCallers of ${process.env.CALLERS}:\n`);
  for (const [k, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 12)) process.stdout.write(`  ${pct(us).padStart(6)} ${k}\n`);
}
if (process.env.KEEP_PROFILE) process.stdout.write(`\nprofile: ${join(profDir, file)}\n`);
else rmSync(profDir, { recursive: true, force: true });
if (process.env.KEEP_DATA) process.stdout.write(`data: ${dataDir}\n`);
else rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
