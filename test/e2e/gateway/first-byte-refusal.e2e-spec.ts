import { BillingService } from '../../../src/billing/index.js';
import { ApiError } from '../../../src/common/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import type { TestApp } from '../../support/test-app.js';
import { databaseTargets } from '../../support/test-database.js';
import { FAST, adminToken, createClient, post, startGateway, type TestClient } from './support/gateway.harness.js';

const ASK = { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Where is the Eiffel Tower?' }] };

/**
 * A stream's first byte waits until its admission is durable (src/billing/README.md). When that fails (the journal
 * refused, the database gone), no byte of the answer may reach the client: it gets the refusal in the surface's
 * envelope with its own status, never an empty 200 or a half-open stream, and nothing stays held.
 */
describe.each(databaseTargets())('a stream whose admission cannot be made durable on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let token: string;
  let client: TestClient;

  beforeAll(async () => {
    mock = await startMockUpstream('openai', { apiKey: 'sk-first-byte-key-123456789' });
    t = await startGateway(db, {
      providers: [{ name: 'openai', kind: 'openai', base_url: mock.baseUrl, api_key: 'sk-first-byte-key-123456789', ...FAST, pricing: { 'gpt-4o': { input: 2.5, output: 10 } } }],
    });
    token = await adminToken(t);
    client = await createClient(t, token, { name: `first-byte-${db}`, credit_usd: 10 });
  });
  afterAll(async () => {
    await t?.close();
    await mock.close();
  });

  it('answers the refusal as JSON with its status and request id, sends no frame, and holds nothing', async () => {
    const billing = t.app.get(BillingService);
    const markDelivered = billing.markDelivered.bind(billing);
    billing.markDelivered = () => Promise.reject(ApiError.insufficientQuota('Your credit balance cannot cover this request.'));
    try {
      const res = await post(t, client.key, '/v1/chat/completions', ASK, { 'x-request-id': `first-byte-${db}` });
      expect(mock.requests.length).toBeGreaterThan(0); // the provider was called: the refusal came at the first byte
      expect(res.status).toBe(402);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toBe(`first-byte-${db}`);
      expect(res.json()).toMatchObject({ error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
      expect(res.text).not.toContain('data:');
    } finally {
      billing.markDelivered = markDelivered;
    }
    const view = await (await fetch(`${t.url}/api/clients/${client.id}`, { headers: { authorization: `Bearer ${token}` } })).json() as { balance_usd: number; reserved_usd: number };
    expect(view).toMatchObject({ balance_usd: 10, reserved_usd: 0 });
    // and the next stream goes through as usual
    const ok = await post(t, client.key, '/v1/chat/completions', ASK);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('data: [DONE]');
  });
});
