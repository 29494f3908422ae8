import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { ApiError } from '../../../../src/common/index.js';
import { ApiKeyGuard } from '../../../../src/auth/guards/api-key.guard.js';
import { KeyCache } from '../../../../src/auth/keys/key-cache.js';
import { KeyLookupService } from '../../../../src/auth/keys/key-lookup.service.js';
import { KeyUsageTracker } from '../../../../src/auth/keys/key-usage.tracker.js';
import { ClientEntity } from '../../../../src/auth/entities/client.entity.js';
import { ClientKeyEntity } from '../../../../src/auth/entities/client-key.entity.js';
import { insertClient, insertKey, memoryDb } from '../support/memory-db.js';

function requestWith(authorization?: string): Partial<FastifyRequest> {
  return { headers: authorization === undefined ? {} : { authorization } } as Partial<FastifyRequest>;
}

async function refusal(guard: ApiKeyGuard, request: Partial<FastifyRequest>): Promise<ApiError> {
  try {
    await guard.authenticate(request as FastifyRequest);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('the guard let the request through');
}

describe('ApiKeyGuard', () => {
  let ds: DataSource;
  let cache: KeyCache;
  let tracker: KeyUsageTracker;
  let guard: ApiKeyGuard;
  let queries: number;

  beforeEach(async () => {
    ds = await memoryDb();
    cache = new KeyCache();
    queries = 0;
    const original = ds.createQueryBuilder.bind(ds);
    ds.createQueryBuilder = ((...args: unknown[]) => {
      queries++;
      return (original as (...a: unknown[]) => unknown)(...args);
    }) as typeof ds.createQueryBuilder;
    tracker = new KeyUsageTracker(ds);
    guard = new ApiKeyGuard(new HttpAdapterHost(), new KeyLookupService(ds, cache), tracker);
  });

  afterEach(async () => {
    await ds.destroy();
  });

  it('sets the principal for a live key', async () => {
    const client = await insertClient(ds, { name: 'acme', allowed_models: ['gpt-*'], rpm: 10, tpm: 1000 });
    const { key, row } = await insertKey(ds, client.id);
    const request = requestWith(`Bearer ${key}`);
    await expect(guard.authenticate(request as FastifyRequest)).resolves.toBeUndefined();
    expect(request.principal).toEqual({ keyId: row.id, clientId: client.id, clientName: 'acme', allowedModels: ['gpt-*'], rpm: 10, tpm: 1000 });
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['Basic scheme', 'Basic Z2ctYWJj'],
    ['Bearer without token', 'Bearer '],
    ['not a gg- key', 'Bearer sk-1234567890abcdef'],
    ['gg- key too short', 'Bearer gg-abc'],
    ['gg- key with bad characters', `Bearer gg-${'!'.repeat(43)}`],
    ['a dashboard session token', `Bearer ggs_${'A'.repeat(43)}`],
    ['two tokens', `Bearer gg-${'a'.repeat(43)} gg-${'b'.repeat(43)}`],
    ['unknown well-formed key', `Bearer gg-${'a'.repeat(43)}`],
  ])('refuses %s with 401 invalid_api_key', async (_name, header) => {
    const err = await refusal(guard, requestWith(header));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.toEnvelope().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it('never queries the database for a malformed key', async () => {
    await refusal(guard, requestWith('Bearer nope'));
    await refusal(guard, requestWith(undefined));
    expect(queries).toBe(0);
  });

  it('refuses a revoked key, an expired key and a key of a deleted client', async () => {
    const client = await insertClient(ds);
    const revoked = await insertKey(ds, client.id, { revoked_at: Date.now() - 1000 });
    const expired = await insertKey(ds, client.id, { expires_at: Date.now() - 1 });
    const deletedClient = await insertClient(ds, { deleted_at: Date.now() });
    const orphan = await insertKey(ds, deletedClient.id);
    for (const key of [revoked.key, expired.key, orphan.key]) {
      expect((await refusal(guard, requestWith(`Bearer ${key}`))).status).toBe(401);
    }
  });

  it('serves repeated requests from the cache without a database read', async () => {
    const client = await insertClient(ds);
    const { key } = await insertKey(ds, client.id);
    await guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    const after = queries;
    for (let i = 0; i < 20; i++) await guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    expect(queries).toBe(after);
  });

  it('refuses a cached key once its expiry passes, with no new lookup', async () => {
    const client = await insertClient(ds);
    const { key } = await insertKey(ds, client.id, { expires_at: Date.now() + 300 });
    await guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    await new Promise((r) => setTimeout(r, 350));
    expect((await refusal(guard, requestWith(`Bearer ${key}`))).status).toBe(401);
  });

  it('refuses a revoked key at once after invalidateKey, and after invalidateClient / invalidateAll', async () => {
    const client = await insertClient(ds);
    const a = await insertKey(ds, client.id);
    const b = await insertKey(ds, client.id);
    const c = await insertKey(ds, client.id);
    for (const k of [a, b, c]) await guard.authenticate(requestWith(`Bearer ${k.key}`) as FastifyRequest);
    const keys = ds.getRepository(ClientKeyEntity);

    await keys.update({ id: a.row.id }, { revoked_at: Date.now() });
    cache.invalidateKey(a.row.id);
    expect((await refusal(guard, requestWith(`Bearer ${a.key}`))).status).toBe(401);
    await expect(guard.authenticate(requestWith(`Bearer ${b.key}`) as FastifyRequest)).resolves.toBeUndefined();

    await ds.getRepository(ClientEntity).update({ id: client.id }, { deleted_at: Date.now() });
    cache.invalidateClient(client.id);
    expect((await refusal(guard, requestWith(`Bearer ${b.key}`))).status).toBe(401);

    await ds.getRepository(ClientEntity).update({ id: client.id }, { deleted_at: null });
    cache.invalidateAll();
    await expect(guard.authenticate(requestWith(`Bearer ${c.key}`) as FastifyRequest)).resolves.toBeUndefined();
  });

  it('does not cache a lookup that raced with an invalidation', async () => {
    const client = await insertClient(ds);
    const { key, row } = await insertKey(ds, client.id);
    // Hold the lookup's result until after the key is revoked and the cache invalidated.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let read!: () => void;
    const hasRead = new Promise<void>((r) => (read = r));
    const original = ds.createQueryBuilder.bind(ds);
    ds.createQueryBuilder = ((...args: unknown[]) => {
      const qb = (original as (...a: unknown[]) => { getRawOne: () => Promise<unknown> })(...args);
      const getRawOne = qb.getRawOne.bind(qb);
      qb.getRawOne = async () => {
        const result = await getRawOne();
        read();
        await gate;
        return result;
      };
      return qb;
    }) as typeof ds.createQueryBuilder;
    const pending = guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    await hasRead; // the lookup saw the key live
    await ds.getRepository(ClientKeyEntity).update({ id: row.id }, { revoked_at: Date.now() });
    cache.invalidateKey(row.id);
    // a request arriving now must not join the stale lookup still in flight
    const during = refusal(guard, requestWith(`Bearer ${key}`));
    release();
    await expect(pending).resolves.toBeUndefined(); // it started before the revoke
    expect((await during).status).toBe(401);
    ds.createQueryBuilder = original;
    expect((await refusal(guard, requestWith(`Bearer ${key}`))).status).toBe(401);
  });

  it('records last_used_at off the hot path, at most once a minute per key', async () => {
    const client = await insertClient(ds);
    const { key, row } = await insertKey(ds, client.id);
    for (let i = 0; i < 5; i++) await guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    expect((await ds.getRepository(ClientKeyEntity).findOneByOrFail({ id: row.id })).last_used_at).toBeNull();
    expect(tracker.pendingCount).toBe(1);
    await tracker.flush();
    const used = (await ds.getRepository(ClientKeyEntity).findOneByOrFail({ id: row.id })).last_used_at;
    expect(used).toBeGreaterThan(Date.now() - 5000);
    await guard.authenticate(requestWith(`Bearer ${key}`) as FastifyRequest);
    expect(tracker.pendingCount).toBe(0);
  });
});
