import { ZERO_USAGE } from '../../../../src/common/index.js';
import type { Admission } from '../../../../src/gateway/pipeline/gateway.ports.js';
import type { Exchange } from '../../../../src/gateway/pipeline/exchange.js';
import type { Candidate } from '../../../../src/gateway/planning/gateway.router.js';
import { buildGateway, PRINCIPAL, type Gateway } from '../support/fakes.js';

const PRICE = { input: 1, output: 2 };
const USAGE = { ...ZERO_USAGE, input: 100, output: 50 };

describe('Exchange transitions (one per /v1 request)', () => {
  let gw: Gateway;
  let candidate: Candidate;

  beforeEach(() => {
    gw = buildGateway({
      yaml: { billing: { unpriced_models: 'reject', default_max_output_tokens: 100 }, providers: [{ name: 'p1', kind: 'openai', base_url: 'http://127.0.0.1:9', api_key: 'sk-x', pricing: { m: PRICE } }] },
      routes: { m: { provider: 'p1' } },
    });
  });
  afterEach(() => gw.close());

  /** An exchange admitted for model `m` (rate limit, key and credit held), its plan's one candidate at hand. */
  async function admitted(idempotencyKey?: string): Promise<Exchange> {
    const exchange = gw.desk.open(gw.trace(PRINCIPAL, idempotencyKey), 'chat');
    const plan = exchange.route('m', false, {});
    candidate = plan.candidates[0];
    expect(await exchange.admit(gw.channel(), { candidates: plan.candidates, promptTokens: 100, maxOutputTokens: 100 })).toBe(true);
    return exchange;
  }

  it('settles once: a second settle is a programming error and charges nothing more', async () => {
    const exchange = await admitted();
    expect(await exchange.settle(candidate, USAGE)).toBe(2_000_000n); // $0.0002 in 1e-10 USD
    await expect(exchange.settle(candidate, USAGE)).rejects.toThrow(/cannot settle .* settled/);
    expect(gw.billing.settled).toHaveLength(1);
    expect(gw.limiter.adjusted).toEqual([[200, 150]]);
  });

  it('a release after a settle returns nothing (the charge stands, the limiter is told once)', async () => {
    const exchange = await admitted();
    await exchange.settle(candidate, USAGE);
    await exchange.release();
    expect(gw.billing.released).toHaveLength(0);
    expect(gw.billing.settled).toHaveLength(1);
    expect(gw.limiter.adjusted).toHaveLength(1);
  });

  it('releases once: a second release is a no-op, and a settle after it is refused', async () => {
    const exchange = await admitted();
    await exchange.release();
    await exchange.release();
    expect(gw.billing.released).toHaveLength(1);
    expect(gw.limiter.adjusted).toEqual([[200, 0]]);
    await expect(exchange.settle(candidate, USAGE)).rejects.toThrow(/cannot settle .* released/);
    expect(gw.billing.settled).toHaveLength(0);
  });

  it('a fail after the answer was sent neither releases, frees the key, nor logs a second entry', async () => {
    const exchange = await admitted('idem-after');
    const channel = gw.channel();
    await exchange.attempt([candidate], () => ({ method: 'POST', path: '/x', body: {} }) as never, async () => 'ok', channel);
    const cost = await exchange.settle(candidate, USAGE);
    await exchange.respond(channel, '{"ok":true}', USAGE, cost, false);
    await exchange.fail({ status: 500, code: 'internal_error', message: 'late' });
    expect(gw.billing.released).toHaveLength(0);
    expect(gw.idempotency.abandoned).toHaveLength(0);
    expect(gw.idempotency.stored.get(`${PRINCIPAL.clientId}/idem-after`)).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(gw.log.entries.map((e) => e.status)).toEqual([200]);
  });

  it('a fail before the answer frees the key it claimed, releases once and logs the error once', async () => {
    const exchange = await admitted('idem-fail');
    await exchange.fail({ status: 502, code: 'upstream_error', message: 'down' });
    await exchange.fail({ status: 502, code: 'upstream_error', message: 'down' });
    expect(gw.idempotency.abandoned).toEqual(['idem-fail']);
    expect(gw.billing.released).toHaveLength(1);
    expect(gw.log.entries.map((e) => e.status)).toEqual([502]);
  });

  it('never abandons a key another request is running (the 409 it got is not its key to free)', async () => {
    gw.idempotency.stored.set(`${PRINCIPAL.clientId}/busy`, 'running');
    const exchange = gw.desk.open(gw.trace(PRINCIPAL, 'busy'), 'chat');
    const run = exchange.run(async () => {
      const plan = exchange.route('m', false, {});
      await exchange.admit(gw.channel(), { candidates: plan.candidates, promptTokens: 1, maxOutputTokens: 1 });
    });
    await expect(run).rejects.toMatchObject({ status: 409, code: 'idempotency_key_in_use' });
    expect(gw.idempotency.abandoned).toEqual([]);
    expect(gw.idempotency.stored.get(`${PRINCIPAL.clientId}/busy`)).toBe('running');
    expect(gw.billing.admitted).toHaveLength(0);
    // nor one it never claimed because it was refused before admission (here: a model with no route)
    const refused = gw.desk.open(gw.trace(PRINCIPAL, 'busy'), 'chat');
    await expect(refused.run(async () => void refused.route('nope', false, {}))).rejects.toMatchObject({ status: 404 });
    expect(gw.idempotency.abandoned).toEqual([]);
    expect(gw.idempotency.stored.get(`${PRINCIPAL.clientId}/busy`)).toBe('running');
  });

  it('refuses transitions out of order (attempt before admission, a second admission)', async () => {
    const fresh = gw.desk.open(gw.trace(), 'chat');
    await expect(fresh.attempt([], () => ({}) as never, async () => 1, gw.channel())).rejects.toThrow(/cannot attempt when open/);
    const exchange = await admitted();
    await expect(exchange.admit(gw.channel(), { candidates: [candidate], promptTokens: 1, maxOutputTokens: 1 })).rejects.toThrow(/cannot admit when admitted/);
    expect(gw.billing.admitted).toHaveLength(1);
  });

  it('the first byte waits for markDelivered to resolve (the admission is durable before the byte goes), once', async () => {
    let resolve!: () => void;
    const durable = new Promise<void>((r) => (resolve = r));
    const marked: Admission[] = [];
    gw.billing.markDelivered = (admission: Admission): Promise<void> => {
      marked.push(admission);
      return durable;
    };
    const exchange = await admitted();
    let done = false;
    const first = exchange.firstByte().then(() => (done = true));
    const second = exchange.firstByte(); // a second caller waits for the same transition, never a second mark
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(exchange.delivered).toBe(false); // no byte is out until the admission is durable
    resolve();
    await Promise.all([first, second]);
    expect(done).toBe(true);
    expect(exchange.delivered).toBe(true);
    await exchange.firstByte();
    expect(marked).toHaveLength(1);
  });

  it('no byte goes out when the admission cannot be made durable: the first byte rejects, and again if retried', async () => {
    gw.billing.markDelivered = (): Promise<void> => Promise.reject(Object.assign(new Error('journal refused'), { status: 402 }));
    const exchange = await admitted();
    await expect(exchange.firstByte()).rejects.toThrow('journal refused');
    await expect(exchange.firstByte()).rejects.toThrow('journal refused');
    expect(exchange.delivered).toBe(false);
  });
});
