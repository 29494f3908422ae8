import { ApiError } from '../../../../src/common/index.js';
import { IdempotencyClaim } from '../../../../src/gateway/pipeline/idempotency.claim.js';
import type { ClientChannel } from '../../../../src/gateway/pipeline/client.channel.js';
import type { IdempotencyBegin, IdempotencyPort } from '../../../../src/gateway/pipeline/gateway.ports.js';

function port(answer: IdempotencyBegin): IdempotencyPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    begin: async (clientId, key, requestId) => {
      calls.push(`begin ${clientId} ${key} ${requestId}`);
      return answer;
    },
    complete: async (clientId, key, status, body) => {
      calls.push(`complete ${clientId} ${key} ${status} ${body}`);
    },
    abandon: async (clientId, key) => {
      calls.push(`abandon ${clientId} ${key}`);
    },
  };
}

function channel(): ClientChannel & { sent: unknown[] } {
  const sent: unknown[] = [];
  return { sent, signal: { aborted: false } as ClientChannel['signal'], send: (...args: unknown[]) => void sent.push(args), sse: () => { throw new Error('no stream here'); } } as ClientChannel & { sent: unknown[] };
}

describe('IdempotencyClaim', () => {
  it('claims a new key, stores the answer once, and then has nothing left to abandon', async () => {
    const p = port({ kind: 'new' });
    const claim = new IdempotencyClaim(p, 'c1', 'k1');
    expect(await claim.begin('req_1', channel())).toBe(false);
    expect(claim.ours).toBe(true);
    await claim.complete(200, '{"ok":true}', 'application/json');
    await claim.complete(200, 'again', 'application/json');
    await claim.abandon();
    expect(p.calls).toEqual(['begin c1 k1 req_1', 'complete c1 k1 200 {"ok":true}']);
  });

  it('frees a claimed key once when the request fails', async () => {
    const p = port({ kind: 'new' });
    const claim = new IdempotencyClaim(p, 'c1', 'k1');
    await claim.begin('req_1', channel());
    await claim.abandon();
    await claim.abandon();
    expect(p.calls).toEqual(['begin c1 k1 req_1', 'abandon c1 k1']);
  });

  it('answers a completed key from the stored response, and never stores or frees it', async () => {
    const p = port({ kind: 'replay', status: 200, body: 'stored', contentType: 'text/event-stream' });
    const ch = channel();
    const claim = new IdempotencyClaim(p, 'c1', 'k1');
    expect(await claim.begin('req_2', ch)).toBe(true);
    expect(ch.sent).toEqual([[200, 'stored', 'text/event-stream', { 'idempotent-replayed': 'true' }]]);
    await claim.complete(200, 'other', 'application/json');
    await claim.abandon();
    expect(claim.ours).toBe(false);
    expect(p.calls).toEqual(['begin c1 k1 req_2']);
  });

  it('refuses a key still in progress with 409 and leaves it to the request that holds it', async () => {
    const p = port({ kind: 'in_progress' });
    const claim = new IdempotencyClaim(p, 'c1', 'k1');
    const refusal = await claim.begin('req_3', channel()).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).status).toBe(409);
    await claim.abandon();
    expect(p.calls).toEqual(['begin c1 k1 req_3']);
  });
});
