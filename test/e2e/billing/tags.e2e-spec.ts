import { RequestLogWriter } from '../../../src/logging/index.js';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstreams/index.js';
import { databaseTargets } from '../../support/test-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { api, chat, clientWithKey, gatewayYaml, login } from './support/billing.js';

const COST_USD = 0.0005043; // exact (micro-dollars rounded it to $0.000504)

describe.each(databaseTargets())('spend by tag, key and surface on %s', (db) => {
  let mock: MockUpstream;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    mock = await startMockUpstream('openai');
    t = await startTestApp({ db, yaml: gatewayYaml(mock.baseUrl) });
    admin = await login(t);
  });
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  it('stores x-gophergate-tags with the log row, filters logs by tag and sums usage by tag, key and surface', async () => {
    const { key } = await clientWithKey(t, admin, 1);
    const tagged = await chat(t.url, key, {}, { 'x-gophergate-tags': 'team-a, checkout:v2' });
    expect(tagged.status).toBe(200);
    const both = await chat(t.url, key, {}, { 'x-gophergate-tags': 'team-a' });
    expect(both.status).toBe(200);
    const untagged = await chat(t.url, key, {});
    expect(untagged.status).toBe(200);
    await t.app.get(RequestLogWriter).flushAll();

    const byTag = await api(t, admin, 'GET', '/api/logs?tag=team-a');
    expect(byTag.status).toBe(200);
    expect(byTag.body.data.map((r: { request_id: string }) => r.request_id).sort()).toEqual([tagged.headers.get('x-request-id'), both.headers.get('x-request-id')].sort());
    const first = byTag.body.data.find((r: { request_id: string }) => r.request_id === tagged.headers.get('x-request-id'));
    expect(first.tags).toEqual(['team-a', 'checkout:v2']);
    expect((await api(t, admin, 'GET', '/api/logs?tag=nobody')).body.data).toEqual([]);
    expect((await api(t, admin, 'GET', '/api/logs?tag=bad%20tag')).status).toBe(400);
    const detail = await api(t, admin, 'GET', `/api/logs/${untagged.headers.get('x-request-id')}`);
    expect(detail.body).toMatchObject({ surface: 'chat' });
    expect(detail.body).not.toHaveProperty('tags');

    const usageByTag = await api(t, admin, 'GET', '/api/usage?group_by=tag');
    expect(usageByTag.status).toBe(200);
    expect(usageByTag.body.data).toEqual([
      expect.objectContaining({ key: 'checkout:v2', requests: 1, cost_usd: COST_USD }),
      expect.objectContaining({ key: 'team-a', requests: 2, cost_usd: 0.0010086 }),
    ]);
    const keys = await api(t, admin, 'GET', '/api/usage?group_by=key');
    const keyRow = keys.body.data.find((r: { requests: number }) => r.requests === 3);
    expect(keyRow).toMatchObject({ cost_usd: 0.0015129, cost_usd_exact: '0.0015129', output_tokens: 3 * 214 });
    const surfaces = await api(t, admin, 'GET', '/api/usage?group_by=surface');
    expect(surfaces.body.data).toEqual([expect.objectContaining({ key: 'chat' })]);
    expect((await api(t, admin, 'GET', '/api/usage?group_by=colour')).status).toBe(400);
  });

  it('a malformed tag header is a 400 in the OpenAI envelope and reaches no provider', async () => {
    const { key } = await clientWithKey(t, admin, 1);
    const before = mock.requests.length;
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`).join(',');
    for (const header of [eleven, 'team a', 'a,,b', 'x'.repeat(65), 'ok,caf\u00e9', '', 'semi;colon']) {
      const res = await chat(t.url, key, {}, { 'x-gophergate-tags': header });
      const body = (await res.json()) as { error: { type: string; param: string; code: string } };
      expect({ header, status: res.status, body }).toEqual({ header, status: 400, body: { error: expect.objectContaining({ type: 'invalid_request_error', param: 'x-gophergate-tags', code: 'invalid_tags' }) } });
    }
    expect(mock.requests.length).toBe(before);
    const ten = Array.from({ length: 10 }, (_, i) => `t.${i}_x:y-z`).join(',');
    expect((await chat(t.url, key, {}, { 'x-gophergate-tags': ten })).status).toBe(200);
  });
});
