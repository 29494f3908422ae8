import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe.each(databaseTargets())('health and error envelope on %s', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ db });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness with 200 on an empty database', async () => {
    const live = await fetch(`${t.url}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; info: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.info.database).toMatchObject({ status: 'up', kind: db });
  });

  it('echoes a valid x-request-id and replaces an invalid one', async () => {
    const echoed = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await fetch(`${t.url}/health`, { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('answers an unknown /v1 route with 404 in the OpenAI envelope', async () => {
    const res = await fetch(`${t.url}/v1/does-not-exist`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'not_found' } });
  });

  it('sets security headers and a same-origin content security policy', async () => {
    const res = await fetch(`${t.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves Prometheus metrics with per-route request counters', async () => {
    await fetch(`${t.url}/health`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/gophergate_http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(text).toContain('gophergate_http_request_duration_seconds_bucket');
  });

  it('serves the OpenAPI document with both bearer schemes', async () => {
    const doc = (await (await fetch(`${t.url}/docs-json`)).json()) as { components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['client-key', 'session']));
  });
});
