import { EventBus, MetricsRegistry } from '../../../../src/common/index.js';
import { AppConfig } from '../../../../src/config/index.js';
import { RequestLogWriter, type RequestLogEntry } from '../../../../src/logging/index.js';
import type { LogRow } from '../../../../src/logging/request-log/request-log.rows.js';
import type { RequestLogStore } from '../../../../src/logging/request-log/request-log.store.js';

const entry = (id: string): RequestLogEntry => ({
  requestId: id, createdAt: Date.now(), clientId: 'c', clientName: 'c', keyId: 'k', model: 'm', provider: 'p', status: 200, errorCode: null,
  errorMessage: null, latencyMs: 1, ttfbMs: 1, stream: false, usage: { input: 1, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 }, costE10: 10_000n, estimated: false,
});

/** A store that fails the first `failures` inserts with `error`, then records rows (as the database would). */
function flakyStore(failures: number, error: unknown) {
  const written: string[] = [];
  let left = failures;
  const store = {
    async insert(rows: readonly LogRow[]) {
      if (left > 0) {
        left -= 1;
        throw error;
      }
      if (rows.some((r) => r.request_id === 'poison')) throw Object.assign(new Error('value too long'), { code: '22001' });
      written.push(...rows.map((r) => r.request_id));
      return rows.length;
    },
  } as unknown as RequestLogStore;
  return { store, written };
}

function writer(store: RequestLogStore): RequestLogWriter {
  const config = new AppConfig();
  config.logs.flush_ms = 60_000;
  return new RequestLogWriter(config, store, new EventBus(), new MetricsRegistry(), { httpAdapter: undefined } as never);
}

describe('RequestLogWriter retries', () => {
  it('keeps a batch that hit SQLITE_BUSY and writes it on the retry, losing nothing', async () => {
    const { store, written } = flakyStore(2, Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    const w = writer(store);
    for (let i = 0; i < 10; i++) w.write(entry(`r${i}`));
    await w.flushAll();
    expect(written).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(w.queued).toBe(0);
    await w.onApplicationShutdown();
  });

  it('isolates a row the database refuses for a non-transient reason and writes the others', async () => {
    const { store, written } = flakyStore(0, null);
    const w = writer(store);
    for (const id of ['a', 'poison', 'b']) w.write(entry(id));
    await w.flushAll();
    expect(written).toEqual(['a', 'b']);
    await w.onApplicationShutdown();
  });

  it('gives up after repeated transient failures without spinning forever, keeping the rows queued', async () => {
    const { store, written } = flakyStore(1000, Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }));
    const w = writer(store);
    w.write(entry('x'));
    const started = Date.now();
    await w.flushAll();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(written).toEqual([]);
    expect(w.queued).toBe(1);
    await w.onApplicationShutdown();
  });
});
