import { BillingHousekeeping, IdempotencyService } from '../../../src/billing/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { insertClient, rows } from './support/billing.js';

describe.each(databaseTargets())('idempotency keys on %s', (db) => {
  let t: TestApp;
  let idem: IdempotencyService;
  let clientId: string;
  let otherClient: string;
  beforeAll(async () => {
    t = await startTestApp({ db });
    idem = t.app.get(IdempotencyService);
    clientId = await insertClient(t, 0n);
    otherClient = await insertClient(t, 0n);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('first use is new; a concurrent reuse is in progress; after completion the stored answer is replayed', async () => {
    const results = await Promise.all([idem.begin(clientId, 'k-1', 'r1'), idem.begin(clientId, 'k-1', 'r2'), idem.begin(clientId, 'k-1', 'r3')]);
    expect(results.filter((r) => r.kind === 'new')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'in_progress')).toHaveLength(2);
    await idem.complete(clientId, 'k-1', 200, '{"id":"chatcmpl-1"}', 'application/json');
    await expect(idem.begin(clientId, 'k-1', 'r4')).resolves.toEqual({ kind: 'replay', status: 200, body: '{"id":"chatcmpl-1"}', contentType: 'application/json' });
  });

  it('keys belong to one client: another client may use the same key', async () => {
    await idem.begin(clientId, 'shared', 'r5');
    await expect(idem.begin(otherClient, 'shared', 'r6')).resolves.toEqual({ kind: 'new' });
  });

  it('a streamed answer cannot be replayed: reuse is refused with 409 idempotency_key_reused', async () => {
    await idem.begin(clientId, 'k-stream', 'r7');
    await idem.complete(clientId, 'k-stream', 200, '', 'text/event-stream');
    await expect(idem.begin(clientId, 'k-stream', 'r8')).rejects.toMatchObject({ status: 409, code: 'idempotency_key_reused' });
  });

  it('abandon (or a 5xx completion) frees the key for a retry', async () => {
    await idem.begin(clientId, 'k-fail', 'r9');
    await idem.abandon(clientId, 'k-fail');
    await expect(idem.begin(clientId, 'k-fail', 'r10')).resolves.toEqual({ kind: 'new' });
    await idem.complete(clientId, 'k-fail', 502, '{"error":{}}', 'application/json');
    await expect(idem.begin(clientId, 'k-fail', 'r11')).resolves.toEqual({ kind: 'new' });
  });

  it('a key older than 24 h starts over, and the purge job deletes such keys', async () => {
    await idem.begin(clientId, 'k-old', 'r12');
    await idem.complete(clientId, 'k-old', 200, 'x', 'application/json');
    await rows(t, 'UPDATE idempotency_keys SET created_at = $1 WHERE idem_key = $2', [Date.now() - 25 * 3_600_000, 'k-old']);
    await expect(idem.begin(clientId, 'k-old', 'r13')).resolves.toEqual({ kind: 'new' });
    await rows(t, 'UPDATE idempotency_keys SET created_at = $1 WHERE idem_key = $2', [Date.now() - 25 * 3_600_000, 'k-old']);
    const purged = await t.app.get(BillingHousekeeping).runOnce();
    expect(purged.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await rows(t, 'SELECT idem_key FROM idempotency_keys WHERE idem_key = $1', ['k-old'])).toHaveLength(0);
    expect((await rows(t, 'SELECT idem_key FROM idempotency_keys')).length).toBeGreaterThan(0);
  });

  it('refuses a malformed key with 400', async () => {
    await expect(idem.begin(clientId, '', 'r14')).rejects.toMatchObject({ status: 400 });
    await expect(idem.begin(clientId, 'x'.repeat(256), 'r15')).rejects.toMatchObject({ status: 400 });
    await expect(idem.begin(clientId, 'has space', 'r16')).rejects.toMatchObject({ status: 400 });
  });
});
