// `node bench/request-files.mjs [chat|messages|responses] [stream|nonstream] [--json]`: which files of `src/` one
// warm request runs, measured rather than read: the built gateway (the benchmark's, on SQLite) runs under the
// inspector; after warm-up requests, V8's precise coverage counts the functions called while exactly one request is
// served and its background work (the journal, the log batch) is flushed. Files whose functions also ran in three
// equally long idle windows (heartbeats, timers) are left out and listed apart. Prints the files by folder, adapters
// apart; with --json, `{ files, adapters, alsoIdle, requestWindow }` (requestWindow: every file that ran while the
// request was served, timers included). Loopback only; a handful of requests.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BENCH_ADMIN, freePort, provisionKey, sleep, startBenchGateway, startMock } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const surface = process.argv[2] ?? 'chat';
const stream = process.argv[3] === 'stream';
const asJson = process.argv.includes('--json');
const SURFACES = {
  chat: { path: '/v1/chat/completions', body: { model: 'bench-model', stream, messages: [{ role: 'user', content: 'Say something about foxes.' }], max_tokens: 64 } },
  messages: { path: '/v1/messages', body: { model: 'bench-claude', stream, max_tokens: 64, messages: [{ role: 'user', content: 'Say something about foxes.' }] } },
  responses: { path: '/v1/responses', body: { model: 'bench-model', stream, store: false, input: 'Say something about foxes.', max_output_tokens: 64 } },
};
const target = SURFACES[surface];
if (!target) throw new Error(`unknown surface '${surface}' (one of ${Object.keys(SURFACES).join(', ')})`);

const dataDir = mkdtempSync(join(tmpdir(), 'gg-files-'));
const inspectPort = await freePort();
const mock = await startMock();
// --no-opt: no optimizing compiler, so no function is inlined into its caller and left uncounted
const gateway = await startBenchGateway(root, mock, dataDir, [`--inspect=127.0.0.1:${inspectPort}`, '--no-opt']);
try {
  const key = await provisionKey(gateway.url, BENCH_ADMIN);
  const [{ webSocketDebuggerUrl }] = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
  const ws = new WebSocket(webSocketDebuggerUrl);
  await once(ws, 'open');
  let seq = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  const call = (method, params = {}) => new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });
  const send = async () => {
    const res = await fetch(`${gateway.url}${target.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(target.body),
    });
    await res.text();
    if (!res.ok) throw new Error(`${target.path}: ${res.status}`);
  };
  /** The `src/` files with a function called since the last take (each take resets the counters). */
  const ran = async () => {
    const { result } = await call('Profiler.takePreciseCoverage');
    const files = new Set();
    for (const script of result) {
      const at = script.url.indexOf('/dist/');
      if (at < 0 || script.url.includes('node_modules')) continue;
      if (script.functions.some((f) => f.ranges[0].startOffset > 0 && f.ranges[0].count > 0)) files.add(`src/${script.url.slice(at + 6).replace(/\.js$/, '.ts')}`);
    }
    return files;
  };
  await call('Profiler.enable');
  await call('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  for (let i = 0; i < 20; i++) await send();
  await sleep(300);
  await ran();
  const settle = 400; // the journal's timer (50 ms) and the log batch's flush run within it
  const idle = new Set();
  for (let i = 0; i < 3; i++) { // timers that tick on their own (heartbeats, jobs, the log writer's flush) are not the request's
    await sleep(settle);
    for (const f of await ran()) idle.add(f);
  }
  await send();
  await sleep(settle);
  const requestWindow = [...(await ran())].sort();
  const files = requestWindow.filter((f) => !idle.has(f));
  ws.close();
  const adapters = files.filter((f) => f.startsWith('src/providers/adapters/'));
  const rest = files.filter((f) => !adapters.includes(f));
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ files: rest, adapters, alsoIdle: [...idle].sort(), requestWindow })}\n`);
  } else {
    const byFolder = new Map();
    for (const f of rest) {
      const folder = f.split('/').length > 2 ? `${f.split('/')[1]}/` : 'src/';
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
    }
    process.stdout.write(`${surface} ${stream ? 'stream' : 'non-stream'}: ${rest.length} files of src/ outside the adapters in ${byFolder.size} folders (+ ${adapters.length} adapter files)\n`);
    for (const [folder, list] of byFolder) process.stdout.write(`  ${folder} (${list.length})\n${list.map((f) => `    ${f}\n`).join('')}`);
    if (idle.size) process.stdout.write(`left out, ran while idle too: ${[...idle].sort().join(', ')}\n`);
  }
} finally {
  gateway.child.kill('SIGTERM');
  await once(gateway.child, 'exit');
  mock.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
