import { startTestApp, TEST_ADMIN, TEST_SECRET_KEY, type TestApp } from '../../support/test-app.js';

describe('JSON logs with redaction', () => {
  let t: TestApp;
  const secrets = {
    bearer: 'gg-ThisIsASecretClientKeyValue0123456789abcdefgh',
    cookie: 'gg_session=SessionTokenSecretValue0987654321',
    xApiKey: 'sk-ant-secret-x-api-key-123456',
    goog: 'AIzaSecretGoogleKey-abcdef123456',
    query: 'QuerySecretKeyValue555',
  };

  beforeAll(async () => {
    t = await startTestApp({ captureLogs: true, env: { OPENAI_API_KEY: 'sk-openai-secret-provider-key-777' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes one JSON object per line, with a request id, and never a secret', async () => {
    await fetch(`${t.url}/v1/models?key=${secrets.query}&x=1`, {
      headers: { authorization: `Bearer ${secrets.bearer}`, cookie: secrets.cookie, 'x-api-key': secrets.xApiKey, 'x-goog-api-key': secrets.goog, 'x-request-id': 'log-test-1' },
    });
    await fetch(`${t.url}/api/nothing-here?api_key=${secrets.query}`, { headers: { authorization: `Bearer ${secrets.bearer}`, 'x-request-id': 'log-test-2' } });
    await new Promise((r) => setTimeout(r, 100));

    expect(t.logs.length).toBeGreaterThan(0);
    const parsed = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of parsed) {
      expect(typeof entry.level).toBe('number');
      expect(typeof entry.time).toBe('number');
    }
    const requestLines = parsed.filter((e) => e.request_id === 'log-test-1' || e.request_id === 'log-test-2');
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    const line1 = requestLines.find((e) => e.request_id === 'log-test-1') as { req: { url: string; headers: Record<string, string> } };
    expect(line1.req.headers.authorization).toBe('[REDACTED]');
    expect(line1.req.headers.cookie).toBe('[REDACTED]');
    expect(line1.req.headers['x-api-key']).toBe('[REDACTED]');
    expect(line1.req.headers['x-goog-api-key']).toBe('[REDACTED]');
    expect(line1.req.url).toContain('key=[REDACTED]');

    const all = t.logs.join('\n');
    for (const value of [...Object.values(secrets), 'SessionTokenSecretValue0987654321', 'sk-openai-secret-provider-key-777', TEST_ADMIN.password, TEST_SECRET_KEY]) {
      expect(all).not.toContain(value);
    }
  });
});
