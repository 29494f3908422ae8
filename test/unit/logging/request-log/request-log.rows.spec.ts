import { rollupDeltas, toLogRow } from '../../../../src/logging/request-log/request-log.rows.js';
import type { RequestLogEntry } from '../../../../src/logging/index.js';

const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
  requestId: 'r1', createdAt: Date.UTC(2026, 0, 1, 10, 30), clientId: 'c1', clientName: 'one', keyId: 'k1', model: 'gpt-5-mini', provider: 'openai',
  status: 200, errorCode: null, errorMessage: null, latencyMs: 100, ttfbMs: 20, stream: false,
  usage: { input: 10, cacheRead: 5, cacheWrite: 0, output: 7, reasoning: 3 }, costE10: 420_000n, estimated: false, ...over,
});

describe('request log rows', () => {
  it('keeps bodies only when logs.bodies is on and clamps oversized values to the columns', () => {
    const e = entry({ requestBody: '{"a":1}', responseBody: '{"b":2}', errorMessage: 'x'.repeat(900), model: 'm'.repeat(300) });
    expect(toLogRow(e, false)).toMatchObject({ request_body: null, response_body: null });
    const row = toLogRow(e, true);
    expect(row).toMatchObject({ request_body: '{"a":1}', response_body: '{"b":2}' });
    expect(row.error_message).toHaveLength(500);
    expect(row.model).toHaveLength(200);
  });

  it('sums rows into hourly rollups per client, model and provider, counting errors', () => {
    const deltas = rollupDeltas([
      toLogRow(entry({ requestId: 'a' }), false),
      toLogRow(entry({ requestId: 'b', status: 502, costE10: 0n, latencyMs: 50 }), false),
      toLogRow(entry({ requestId: 'c', createdAt: Date.UTC(2026, 0, 1, 11, 5) }), false),
      toLogRow(entry({ requestId: 'd', provider: null, clientId: null }), false),
    ]);
    expect(deltas).toHaveLength(3);
    const ten = deltas.find((d) => d.bucket === Date.UTC(2026, 0, 1, 10) && d.provider === 'openai');
    expect(ten).toMatchObject({ requests: 2, errors: 1, input_tokens: 20, cache_read_tokens: 10, output_tokens: 14, reasoning_tokens: 6, cost_usd_e10: 420_000n, latency_ms_sum: 150 });
    expect(deltas.find((d) => d.provider === '')).toMatchObject({ client_id: '', requests: 1 });
  });
});
