import type { Behaviour, MockUpstream, RecordedRequest } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';
import { auditBooks, flushLogs, services } from './support/books.js';
import {
  ATTEMPTS,
  KINDS,
  TIMEOUT_S,
  ask,
  byMarker,
  chatCall,
  contentTypeOf,
  dataFrames,
  defaultResponder,
  errorOf,
  framesOf,
  startFaultStack,
  streamEnding,
  streamedText,
  type FaultStack,
  type KindSpec,
  type Outcome,
} from './support/fault.harness.js';

/** A failure path must end within the provider's deadline plus this margin. */
const MARGIN_MS = 2_000;
const DEADLINE_MS = TIMEOUT_S * 1000 + MARGIN_MS;

interface Ctx {
  k: KindSpec;
  mock: MockUpstream;
  marker: string;
  stream: boolean;
  match: (req: RecordedRequest) => boolean;
  /** Requests of this case that reached the mock. */
  seen: () => RecordedRequest[];
}

interface FaultCase {
  name: string;
  modes: Array<'json' | 'stream'>;
  model?: (k: KindSpec) => string;
  script?: (c: Ctx) => void;
  /** Run the requests yourself (several steps); default: one request. */
  run?: (c: Ctx, send: (model: string) => Promise<Outcome>) => Promise<string[]>;
  check?: (o: Outcome, c: Ctx) => string[] | Promise<string[]>;
}

function expectStatus(o: Outcome, status: number, code?: string): string[] {
  const out: string[] = [];
  if (o.status !== status) out.push(`status ${o.status}, wanted ${status}: ${o.text.slice(0, 200)}`);
  if (status >= 400) {
    const e = errorOf(o);
    if (!e) out.push(`no OpenAI error envelope: ${o.text.slice(0, 200)}`);
    else if (code && e.code !== code) out.push(`code ${e.code}, wanted ${code}`);
  }
  return out;
}

function within(o: Outcome, ms: number): string[] {
  return o.ms <= ms ? [] : [`took ${Math.round(o.ms)} ms (bound ${ms} ms)`];
}

/** A stream that started, relayed content, then ended in one error frame and no [DONE]. */
function brokenStream(o: Outcome, code?: string): string[] {
  const out: string[] = [];
  if (o.status !== 200) return [`status ${o.status}: ${o.text.slice(0, 200)}`];
  if (streamedText(o) === '') out.push('no content was relayed before the failure');
  const end = streamEnding(o);
  if (end.done) out.push('the stream ended with [DONE] after an upstream failure');
  if (!end.error) out.push(`the stream did not end with an error frame: ${o.text.slice(-200)}`);
  else if (code && end.error.code !== code) out.push(`error frame code ${end.error.code}, wanted ${code}`);
  if (o.frames.filter((f) => (f as { error?: unknown }).error).length > 1) out.push('more than one error frame');
  return out;
}

function cleanAnswer(o: Outcome, stream: boolean): string[] {
  if (o.status !== 200) return [`status ${o.status}: ${o.text.slice(0, 200)}`];
  if (!stream) return /Paris|weather|umbrella/i.test(o.text) ? [] : [`unexpected answer ${o.text.slice(0, 200)}`];
  const end = streamEnding(o);
  return end.done && streamedText(o) !== '' ? [] : [`stream did not finish cleanly: ${o.text.slice(-200)}`];
}

/** The default answer of the case's request, cut: the frames that carry content, without the finish. */
function contentOnly(c: Ctx, req: RecordedRequest): string[] {
  const frames = framesOf(defaultResponder(c.k.mock)(req));
  return frames.slice(0, Math.max(1, frames.length - 3));
}

/** The protocol's 429 with a retry delay (Gemini carries it in RetryInfo, the others in Retry-After). */
function rateLimited(c: Ctx, seconds: number): Behaviour {
  const b = c.mock.error(429, { 'retry-after': String(seconds) });
  if (c.k.mock !== 'gemini') return b;
  const json = structuredClone(b.json) as { error: { details?: Array<Record<string, unknown>> } };
  for (const d of json.error.details ?? []) if (String(d['@type']).endsWith('RetryInfo')) d.retryDelay = `${seconds}s`;
  return { ...b, json };
}

function garbageFrame(c: Ctx): string {
  return c.k.mock === 'ollama' ? '{"model": "qwen3-vl:8b", "message": {"content": \n' : 'data: {"choices": [{"delta": {"content": \n\n';
}

async function upstreamClosed(c: Ctx): Promise<string[]> {
  try {
    await c.mock.waitFor(() => c.seen().length > 0 && c.seen().every((r) => r.aborted), MARGIN_MS, 'the gateway to close the upstream socket');
    return [];
  } catch {
    return ['the gateway left the upstream request open'];
  }
}

const CASES: FaultCase[] = [
  {
    name: 'connection refused',
    modes: ['json', 'stream'],
    model: (k) => `dead-${k.model}`,
    check: (o) => [...expectStatus(o, 502, 'upstream_unreachable'), ...within(o, DEADLINE_MS)],
  },
  {
    name: 'reset before headers, then success (retried)',
    modes: ['json', 'stream'],
    script: (c) => c.mock.script({ behaviour: { reset: 'before-headers' }, match: c.match }),
    check: (o, c) => [...cleanAnswer(o, c.stream), ...(c.seen().length === 2 ? [] : [`${c.seen().length} upstream attempts, wanted 2`])],
  },
  {
    name: 'reset before headers on every attempt',
    modes: ['json', 'stream'],
    script: (c) => c.mock.script({ behaviour: { reset: 'before-headers' }, match: c.match, times: ATTEMPTS }),
    check: (o, c) => [...expectStatus(o, 502, 'upstream_unreachable'), ...(c.seen().length === ATTEMPTS ? [] : [`${c.seen().length} attempts, wanted ${ATTEMPTS}`])],
  },
  {
    name: 'reset in the middle of the body',
    modes: ['json'],
    script: (c) =>
      c.mock.script({
        behaviour: (req) => {
          const body = framesOf(defaultResponder(c.k.mock)(req)).join('');
          return { frames: [body.slice(0, Math.floor(body.length / 2))], contentType: 'application/json', reset: 'after-frames' };
        },
        match: c.match,
        times: ATTEMPTS,
      }),
    check: (o) => [...expectStatus(o, 502), ...within(o, DEADLINE_MS)],
  },
  {
    name: 'reset mid-stream after content',
    modes: ['stream'],
    script: (c) => c.mock.script({ behaviour: (req) => ({ frames: contentOnly(c, req), contentType: contentTypeOf(c.k.mock, true), reset: 'after-frames' }), match: c.match }),
    check: (o, c) => [...brokenStream(o), ...(c.seen().length === 1 ? [] : [`${c.seen().length} attempts after bytes reached the client`])],
  },
  {
    name: '429 with Retry-After: 1, then success',
    modes: ['json', 'stream'],
    script: (c) => c.mock.script({ behaviour: rateLimited(c, 1), match: c.match }),
    check: (o, c) => {
      const seen = c.seen();
      const out = cleanAnswer(o, c.stream);
      if (seen.length !== 2) out.push(`${seen.length} attempts, wanted 2`);
      else if (seen[1].receivedAt - seen[0].receivedAt < 900) out.push(`retried after ${seen[1].receivedAt - seen[0].receivedAt} ms despite Retry-After: 1`);
      return out;
    },
  },
  {
    name: '429 with a Retry-After beyond the retry cap: passed through, not waited for',
    modes: ['json'],
    script: (c) => c.mock.script({ behaviour: rateLimited(c, 3600), match: c.match, times: ATTEMPTS }),
    check: (o, c) => [
      ...expectStatus(o, 429),
      ...(Number(o.retryAfter) >= 1 ? [] : [`Retry-After ${o.retryAfter}`]),
      ...(c.seen().length === 1 ? [] : [`${c.seen().length} attempts`]),
      ...within(o, DEADLINE_MS),
    ],
  },
  {
    name: '500/502/503/529 storm: 502s, then the breaker opens (503, nothing sent), then half-open recovery',
    modes: ['json'],
    model: (k) => `storm-${k.model}`,
    run: async (c, send) => {
      const out: string[] = [];
      for (const status of [500, 502, 503, 529]) c.mock.script({ behaviour: c.mock.error(status), match: c.match });
      const model = `storm-${c.k.model}`;
      for (let i = 0; i < 2; i++) {
        const o = await send(model);
        out.push(...expectStatus(o, 502).map((p) => `storm request ${i + 1}: ${p}`));
      }
      const before = c.seen().length;
      if (before !== 4) out.push(`${before} upstream attempts in the storm, wanted 4`);
      const refused = await send(model);
      out.push(...expectStatus(refused, 503, 'provider_unavailable').map((p) => `open breaker: ${p}`));
      if (!refused.retryAfter || Number(refused.retryAfter) < 1) out.push(`open breaker: Retry-After ${refused.retryAfter}`);
      if (c.seen().length !== before) out.push('the open breaker still called the upstream');
      await new Promise((r) => setTimeout(r, 700));
      const recovered = await send(model);
      out.push(...cleanAnswer(recovered, false).map((p) => `after half-open: ${p}`));
      return out;
    },
  },
  {
    name: 'hang (never answers)',
    modes: ['json', 'stream'],
    script: (c) => c.mock.script({ behaviour: { hang: true }, match: c.match, times: ATTEMPTS }),
    check: async (o, c) => [...expectStatus(o, 502, 'upstream_timeout'), ...within(o, DEADLINE_MS), ...(await upstreamClosed(c))],
  },
  {
    name: 'slow drip, one byte per second',
    modes: ['json', 'stream'],
    script: (c) =>
      c.mock.script({
        behaviour: (req) => ({ frames: [...framesOf(defaultResponder(c.k.mock)(req)).join('')], dripMs: 1000, contentType: contentTypeOf(c.k.mock, c.stream) }),
        match: c.match,
        times: ATTEMPTS,
      }),
    check: async (o, c) => [...expectStatus(o, 502, 'upstream_timeout'), ...within(o, DEADLINE_MS), ...(await upstreamClosed(c))],
  },
  {
    name: 'malformed JSON body',
    modes: ['json'],
    script: (c) => c.mock.script({ behaviour: { status: 200, body: '{"id": "chatcmpl-broken", "choices": [{"message": ', contentType: 'application/json' }, match: c.match, times: ATTEMPTS }),
    check: (o) => expectStatus(o, 502, 'invalid_upstream_response'),
  },
  {
    name: 'JSON of the wrong shape',
    modes: ['json'],
    script: (c) => c.mock.script({ behaviour: { status: 200, json: { unexpected: [1, 2, 3] } }, match: c.match, times: ATTEMPTS }),
    check: (o) => expectStatus(o, 502),
  },
  {
    name: 'malformed first frame',
    modes: ['stream'],
    script: (c) => c.mock.script({ behaviour: { frames: [garbageFrame(c)], contentType: contentTypeOf(c.k.mock, true) }, match: c.match, times: ATTEMPTS }),
    check: (o) => [...expectStatus(o, 502), ...within(o, DEADLINE_MS)],
  },
  {
    name: 'malformed frame after content',
    modes: ['stream'],
    script: (c) => c.mock.script({ behaviour: (req) => ({ frames: [...contentOnly(c, req), garbageFrame(c)], contentType: contentTypeOf(c.k.mock, true) }), match: c.match }),
    check: (o) => brokenStream(o),
  },
  {
    name: 'keep-alives only, no data (never ends)',
    modes: ['stream'],
    script: (c) =>
      c.mock.script({
        // comment lines (SSE) or blank lines (NDJSON) every 200 ms: the connection is alive, the request makes no progress
        behaviour: { frames: Array.from({ length: 600 }, () => (c.k.mock === 'ollama' ? '\n' : ': keep-alive\n\n')), dripMs: 200, contentType: contentTypeOf(c.k.mock, true) },
        match: c.match,
        times: ATTEMPTS,
      }),
    check: async (o, c) => [...expectStatus(o, 502, 'upstream_timeout'), ...within(o, DEADLINE_MS), ...(await upstreamClosed(c))],
  },
  {
    name: 'stream goes silent after content (never ends)',
    modes: ['stream'],
    script: (c) => c.mock.script({ behaviour: (req) => ({ frames: [contentOnly(c, req).join(''), ''], dripMs: 60_000, contentType: contentTypeOf(c.k.mock, true) }), match: c.match }),
    check: async (o, c) => [...brokenStream(o, 'upstream_timeout'), ...within(o, DEADLINE_MS), ...(await upstreamClosed(c))],
  },
];

/** An endless stream: the client reads a little and leaves; the upstream request must be aborted at once. */
async function endlessStream(t: TestApp, client: TestClient, k: KindSpec, mock: MockUpstream): Promise<{ problems: string[]; requestId: string }> {
  const marker = `${k.name}-endless`;
  const match = byMarker(`[${marker}]`);
  mock.script({
    behaviour: (req) => {
      const frames = framesOf(defaultResponder(k.mock)(req));
      return { frames: [...frames.slice(0, k.contentFrame), ...Array.from({ length: 100_000 }, () => frames[k.contentFrame])], dripMs: 5, contentType: contentTypeOf(k.mock, true) };
    },
    match,
  });
  const controller = new AbortController();
  const res = await fetch(`${t.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(ask(k.model, marker, true)),
    signal: controller.signal,
  });
  const requestId = res.headers.get('x-request-id') ?? '';
  const problems: string[] = [];
  if (res.status !== 200) return { problems: [`endless stream: status ${res.status}`], requestId };
  const reader = res.body!.getReader();
  let text = '';
  for (let i = 0; i < 200 && dataFrames(text).length < 5; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  if (dataFrames(text).length < 5) problems.push(`endless stream: only ${dataFrames(text).length} frames relayed`);
  const leftAt = Date.now();
  controller.abort();
  const seen = mock.requests.filter(match);
  try {
    await mock.waitFor(() => seen.length === 1 && seen[0].aborted, MARGIN_MS, 'the upstream of an abandoned stream to be aborted');
  } catch {
    problems.push('endless stream: the upstream kept streaming after the client left');
  }
  if (Date.now() - leftAt > MARGIN_MS) problems.push('endless stream: the upstream was aborted late');
  return { problems, requestId };
}

describe.each(databaseTargets())('upstream fault injection, every provider kind, on %s', (db) => {
  let stack: FaultStack;
  let t: TestApp;
  let client: TestClient;
  const answered = new Map<string, { status: number; completed: boolean }>();

  beforeAll(async () => {
    stack = await startFaultStack();
    t = await startGateway(db, stack.config as never);
    client = await createClient(t, await adminToken(t), { name: `faults-${db}`, credit_usd: 100 });
  });
  afterAll(async () => {
    await t?.close();
    await stack?.close();
  });

  describe.each(KINDS)('$kind', (k) => {
    it('ends every fault in the contract behaviour within bounded time', async () => {
      const mock = stack.mocks.get(k.name)!;
      const send = async (model: string, marker: string, stream: boolean): Promise<Outcome> => {
        let o: Outcome;
        try {
          o = await chatCall(t.url, client.key, ask(model, marker, stream), { timeoutMs: 15_000 });
        } catch (err) {
          o = { status: 0, requestId: '', contentType: '', text: `client gave up: ${(err as Error).message}`, frames: [], ms: 15_000, retryAfter: null };
        }
        if (o.requestId) answered.set(o.requestId, { status: o.status, completed: o.status === 200 && (!stream || streamEnding(o).done) });
        return o;
      };
      const runs = CASES.flatMap((fc) =>
        fc.modes.map(async (mode) => {
          const stream = mode === 'stream';
          const marker = `${k.name}-${CASES.indexOf(fc)}-${mode}`;
          const match = byMarker(`[${marker}]`);
          const c: Ctx = { k, mock, marker, stream, match, seen: () => mock.requests.filter(match) };
          let problems: string[];
          if (fc.run) problems = await fc.run(c, (model) => send(model, marker, stream));
          else {
            fc.script?.(c);
            const o = await send(fc.model?.(k) ?? k.model, marker, stream);
            problems = (await fc.check?.(o, c)) ?? [];
          }
          return problems.map((p) => `${fc.name} (${mode}): ${p}`);
        }),
      );
      runs.push(endlessStream(t, client, k, mock).then((r) => r.problems));
      const problems = (await Promise.all(runs)).flat();
      expect(problems).toEqual([]);
    }, 60_000);
  });

  it('keeps the books exact through every fault: nothing charged for failures before the first byte', async () => {
    await new Promise((r) => setTimeout(r, 200));
    await flushLogs(t);
    const { ds, ledger } = services(t);
    expect(await auditBooks(ds, ledger, [client.id], answered)).toEqual([]);
    expect(answered.size).toBeGreaterThan(KINDS.length * 10);
  });
});
