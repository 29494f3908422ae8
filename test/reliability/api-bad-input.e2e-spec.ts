import fc from 'fast-check';
import type { TestApp } from '../support/test-app.js';
import { startTestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { deeplyNested, malformedJson, wrongType, type JsonKind } from '../support/fuzz/bodies.js';
import { nestErrorProblems, safeAnswerProblems, type RawAnswer } from '../support/fuzz/envelope.js';
import { INVALID_UTF8, rawSend, spliceBytes } from '../support/fuzz/raw.js';
import { login } from '../e2e/auth/support/admin-api.js';
import { BODYLESS, WRITES, apiWrites, concrete, documentedBodies, routeKey } from './support/api-surface.js';

const BODY_LIMIT_MB = 0.25;
const LIMIT_BYTES = BODY_LIMIT_MB * 1024 * 1024;
/** FUZZ_RUNS scales every property (e.g. FUZZ_RUNS=2000 for a long hunt); FUZZ_SEED replays a run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 80);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/**
 * Bad input on every write of the admin API, enumerated from the running app's route table: each answer is a
 * 4xx in Nest's shape ({statusCode, message, error}), never a 5xx, never a stack or SQL.
 */
describe.each(databaseTargets())('bad input on every /api write (fast-check) on %s', (db) => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ db, yaml: `server: { body_limit_mb: ${BODY_LIMIT_MB} }` });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = (method: string, pattern: string, body: string | Uint8Array | undefined, contentType = 'application/json'): Promise<RawAnswer> =>
    rawSend(t.url, { method, path: concrete(pattern), headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': contentType }) }, body });

  const specs = () => Object.entries(WRITES).map(([key, spec]) => ({ key, method: key.split(' ')[0], pattern: key.split(' ')[1], ...spec }));

  async function check<T>(arb: fc.Arbitrary<T>, run: (v: T) => Promise<{ res: RawAnswer; label: string }>, judge: (res: RawAnswer) => string[], numRuns = RUNS): Promise<void> {
    const failures: string[] = [];
    const details = await fc.check(
      fc.asyncProperty(arb, async (v) => {
        const { res, label } = await run(v);
        const problems = judge(res);
        if (problems.length) failures.push(`${label} → ${problems.join('; ')}`);
        return problems.length === 0;
      }),
      { numRuns, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    expect({ seed: failures.length ? details.seed : null, failures: failures.slice(0, 20) }).toEqual({ seed: null, failures: [] });
  }

  it('knows every write in the route table, and every field the OpenAPI document declares for it', async () => {
    const unknown = apiWrites(t).map(routeKey).filter((k) => !WRITES[k] && !BODYLESS.has(k));
    expect(unknown).toEqual([]);
    const documented = await documentedBodies(t);
    for (const [key, spec] of Object.entries(WRITES)) {
      expect([key, (documented.get(key) ?? []).filter((f) => !(f in spec.fields))]).toEqual([key, []]);
    }
    expect(apiWrites(t).length).toBeGreaterThanOrEqual(Object.keys(WRITES).length + BODYLESS.size - 1);
  });

  it('regression: a provider retry/breaker that is an array or a scalar is refused, not stored', async () => {
    for (const method of ['POST', 'PATCH'] as const) {
      for (const field of ['retry', 'breaker']) {
        for (const value of [[], [1, 2], 'fast', 3]) {
          const base = WRITES[`${method} ${method === 'POST' ? '/api/providers' : '/api/providers/:id'}`].base;
          const res = await send(method, method === 'POST' ? '/api/providers' : '/api/providers/:id', JSON.stringify({ ...base, [field]: value }));
          expect([method, field, value, res.status]).toEqual([method, field, value, 400]);
        }
      }
    }
  });

  it('a wrong JSON type at any field of any write → 400', async () => {
    const arb = fc.constantFrom(...specs()).chain((s) => fc.constantFrom(...Object.keys(s.fields)).chain((field) => wrongType(s.fields[field]).map((value) => ({ s, field, value }))));
    await check(
      arb,
      async ({ s, field, value }) => ({ res: await send(s.method, s.pattern, JSON.stringify({ ...s.base, [field]: value })), label: `${s.key} ${field}=${JSON.stringify(value)}` }),
      (res) => nestErrorProblems(res, [400]),
    );
  });

  it('a huge string (100 KB) in any string field, a huge array in any array field → 400', async () => {
    const cases = specs().flatMap((s) =>
      Object.entries(s.fields).flatMap(([field, kinds]: [string, JsonKind[]]) => [
        ...(kinds.includes('string') ? [{ s, field, value: 'x'.repeat(100_000) as unknown }] : []),
        ...(kinds.includes('array') ? [{ s, field, value: Array.from({ length: 10_000 }, (_, i) => `m${i}`) as unknown }] : []),
      ]),
    );
    await check(
      fc.constantFrom(...cases),
      async ({ s, field, value }) => ({ res: await send(s.method, s.pattern, JSON.stringify({ ...s.base, [field]: value })), label: `${s.key} huge ${field}` }),
      (res) => nestErrorProblems(res, [400]),
      cases.length * 2,
    );
  });

  it('a NUL character in any string field (PostgreSQL cannot store one) → 400', async () => {
    const arb = fc.constantFrom(...specs()).chain((s) => fc.constantFrom(...Object.keys(s.fields), 'unknown_field').chain((field) => fc.string({ maxLength: 6 }).map((pad) => ({ s, field, value: `${pad}\u0000${pad}` }))));
    await check(
      arb,
      async ({ s, field, value }) => ({ res: await send(s.method, s.pattern, JSON.stringify({ ...s.base, [field]: value })), label: `${s.key} ${field} with NUL` }),
      (res) => nestErrorProblems(res, [400]),
    );
  });

  it('deep nesting in any field → 400, never a stack overflow', async () => {
    const arb = fc.constantFrom(...specs()).chain((s) => fc.tuple(fc.constantFrom(...Object.keys(s.fields), 'unknown_field'), fc.integer({ min: 129, max: 30_000 })).map(([field, depth]) => ({ s, field, depth })));
    await check(
      arb,
      async ({ s, field, depth }) => {
        const text = `${JSON.stringify({ ...s.base, [field]: 0 }).slice(0, -1).replace(`"${field}":0`, `"${field}":${deeplyNested(depth)}`)}}`;
        return { res: await send(s.method, s.pattern, text), label: `${s.key} ${field} nested ${depth}` };
      },
      (res) => nestErrorProblems(res, [400]),
    );
  });

  it('malformed JSON, invalid UTF-8, non-object JSON and over-limit bodies on every write (body-less ones too) → 4xx', async () => {
    const writes = apiWrites(t).map((r) => ({ key: routeKey(r), method: r.method, pattern: r.path, base: WRITES[routeKey(r)]?.base ?? { note: 'x' } }));
    const arb = fc.constantFrom(...writes).chain((w) =>
      fc.oneof(
        malformedJson(JSON.stringify({ ...w.base, pad: 'abc' })).map((text) => ({ w, kind: 'malformed', body: text as string | Uint8Array, allowed: [400] })),
        fc.constantFrom(...INVALID_UTF8).map((bytes) => ({ w, kind: 'utf8', body: spliceBytes(JSON.stringify({ ...w.base, pad: 'a@@b' }), '@@', bytes) as string | Uint8Array, allowed: [400] })),
        fc.integer({ min: LIMIT_BYTES + 1, max: LIMIT_BYTES * 3 }).map((n) => ({ w, kind: 'over limit', body: JSON.stringify({ ...w.base, pad: 'p'.repeat(n) }) as string | Uint8Array, allowed: [413] })),
        fc.constantFrom('[]', '"text"', '42', 'true', '[{"name":"x"}]').map((text) => ({ w, kind: 'non-object', body: text as string | Uint8Array, allowed: BODYLESS.has(w.key) ? [] : [400] })),
      ),
    );
    await check(
      arb.filter(({ w }) => !(w.key === 'POST /api/auth/logout')),
      async ({ w, kind, body }) => ({ res: await send(w.method, w.pattern, body), label: `${w.key} ${kind}` }),
      (res) => (res.status < 300 ? safeAnswerProblems(res) : nestErrorProblems(res)),
      RUNS * 2,
    );
    // parse-level faults are refused before any handler: even logout keeps the session
    for (const body of ['{"a":', '[1,]']) expect((await send('POST', '/api/auth/logout', body)).status).toBe(400);
    expect((await rawSend(t.url, { method: 'GET', path: '/api/auth/me', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
  });

  it('random JSON objects (documented field names, any values) on every write: never a 5xx, a 4xx is well formed', async () => {
    const writes = apiWrites(t).filter((r) => routeKey(r) !== 'POST /api/auth/logout');
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 3000 }), fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, '', ' ', '../../etc/passwd', 'http://169.254.169.254/', 'file:///etc/passwd'));
    const arb = fc.constantFrom(...writes).chain((r) => {
      const names = Object.keys(WRITES[routeKey(r)]?.fields ?? { name: [] });
      return fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), value, { maxKeys: 5 }).map((body) => ({ r, body }));
    });
    await check(
      arb,
      async ({ r, body }) => ({ res: await send(r.method, r.path, JSON.stringify(body)), label: `${routeKey(r)} ${JSON.stringify(body).slice(0, 160)}` }),
      (res) => (res.status < 400 ? safeAnswerProblems(res) : nestErrorProblems(res)),
      RUNS * 2,
    );
  });
});
