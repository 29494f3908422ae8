import { SqlTransactions } from '../../../src/database/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { openaiResponder } from '../../support/mock-upstreams/openai.mock.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { chat, clientWithKey, gatewayYaml, ledgerOf, login } from '../billing/support/billing.js';

/**
 * Issue 19: no database round trip before the provider is called. The SQL layer's statement listener records what
 * the gateway sends to the database; the mock upstream notes how many statements had been sent when the request
 * reached it. A warm request (key cached, the client's credit known) must have sent none by then, and its admission
 * must still be in the books afterwards (the charge is there, the reservation journaled and closed).
 */
// On PostgreSQL "warm" also means this replica holds a credit lease for the client: the warm-up's first request was
// admitted the awaited way and asked for one (src/billing/README.md, "PostgreSQL: credit leases").
describe.each(databaseTargets())('the database work before the provider is called, on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let admin: string;
  let statements: string[] = [];
  let stop: (() => void) | null = null;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    t = await startTestApp({ db, yaml: gatewayYaml(mock.baseUrl, 'logs: { flush_ms: 60000 }') });
    admin = await login(t);
    stop = t.app.get(SqlTransactions).statementListeners.subscribe((e) => statements.push(e.sql.replace(/\s+/g, ' ').trim()));
  });
  afterAll(async () => {
    stop?.();
    await t?.close();
    await mock?.close();
  });

  /** One request; the statements sent before the upstream received it, and all of them. */
  async function measured(key: string, stream: boolean): Promise<{ before: string[]; all: string[]; requestId: string }> {
    const respond = openaiResponder();
    let before: string[] | null = null;
    mock.script({ behaviour: (req) => ((before = [...statements]), respond(req)) });
    statements = [];
    const res = await chat(t.url, key, stream ? { stream: true } : {});
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(stream ? 'data: [DONE]' : '"usage"');
    expect(before).not.toBeNull();
    return { before: before!, all: statements, requestId: res.headers.get('x-request-id')! };
  }

  /**
   * A background job may by chance write while a request is on its way (the journal of an earlier request written by
   * its timer, a sweep): a request's own statement shows in every attempt, so one clean attempt in three is required.
   */
  async function warm(key: string, stream: boolean): Promise<{ before: string[]; all: string[]; requestId: string }> {
    let last!: { before: string[]; all: string[]; requestId: string };
    for (let attempt = 0; attempt < 3; attempt++) {
      last = await measured(key, stream);
      if (last.before.length === 0) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    return last;
  }

  async function warmClient(): Promise<{ clientId: string; key: string }> {
    const client = await clientWithKey(t, admin, 10);
    // the first requests load the key and the client's credit into memory
    for (let i = 0; i < 2; i++) {
      await (await chat(t.url, client.key, {})).text();
      await (await chat(t.url, client.key, { stream: true })).text();
    }
    return client;
  }

  it.each([false, true])('a warm request (stream: %s) sends no statement before the upstream has it, and is charged once', async (stream) => {
    const { clientId, key } = await warmClient();
    await new Promise((r) => setTimeout(r, 200)); // the warm-up's own journals and settlements are done
    const { before, all, requestId } = await warm(key, stream);
    expect(before).toEqual([]);
    // the admission still reached the database, after the upstream had the request: its reservation and its charge
    expect(all.some((s) => /INSERT INTO reservations/i.test(s))).toBe(true);
    expect(all.some((s) => /INSERT INTO ledger_entries/i.test(s))).toBe(true);
    const charges = (await ledgerOf(t, admin, clientId)).filter((e) => e.request_id === requestId);
    expect(charges).toHaveLength(1);
    expect(charges[0].estimated).toBe(false);
  });

  it('an id the gateway minted, sent back by the client, is not admitted in memory: 409 and no second charge', async () => {
    // only the gateway knows an id is new; a client can resend one it saw (to any replica), so its own ids always go
    // through the database's reuse check, whatever their shape
    const { clientId, key } = await warmClient();
    const first = await chat(t.url, key, {});
    await first.text();
    const minted = first.headers.get('x-request-id')!;
    for (const stream of [false, true]) {
      const again = await chat(t.url, key, stream ? { stream: true } : {}, { 'x-request-id': minted });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'request_id_reused' } });
    }
    expect((await ledgerOf(t, admin, clientId)).filter((e) => e.request_id === minted)).toHaveLength(1);
  });

  it('the listener sees what runs before the upstream when there is something (positive control): a cold client', async () => {
    const { key } = await clientWithKey(t, admin, 10);
    const { before } = await measured(key, false);
    expect(before.length).toBeGreaterThan(0);
  });
});
