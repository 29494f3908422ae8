import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { ScheduledJobs, type ScheduledJob } from '../../../src/common/index.js';
import { AdvisoryJobLock, withAdvisoryLock } from '../../../src/database/index.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import { describeWithPostgres, sleep } from './support/scaleout.js';

describeWithPostgres('withAdvisoryLock on PostgreSQL (two replicas on one database)', () => {
  let drop: () => Promise<void>;
  let replicaA: DataSource;
  let replicaB: DataSource;

  beforeAll(async () => {
    const db = await createPostgresDatabase();
    drop = db.drop;
    replicaA = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    replicaB = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });
  afterAll(async () => {
    await replicaA?.destroy();
    await replicaB?.destroy();
    await drop?.();
  });

  it('runs a job on exactly one replica when both start it at once; the other skips without waiting', async () => {
    let running = 0;
    let maxRunning = 0;
    const job = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await sleep(300);
      running -= 1;
      return 'done';
    };
    const started = Date.now();
    const results = await Promise.all([withAdvisoryLock(replicaA, 'log-retention', job), withAdvisoryLock(replicaB, 'log-retention', job)]);
    expect(results.filter((r) => r.acquired)).toEqual([{ acquired: true, value: 'done' }]);
    expect(results.filter((r) => !r.acquired)).toEqual([{ acquired: false }]);
    expect(maxRunning).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('lets different jobs run side by side, and the same job run again once the first run ended', async () => {
    const both = await Promise.all([
      withAdvisoryLock(replicaA, 'session-cleanup', async () => { await sleep(100); return 1; }),
      withAdvisoryLock(replicaB, 'idempotency-purge', async () => { await sleep(100); return 2; }),
    ]);
    expect(both).toEqual([{ acquired: true, value: 1 }, { acquired: true, value: 2 }]);
    expect(await withAdvisoryLock(replicaB, 'session-cleanup', async () => 3)).toEqual({ acquired: true, value: 3 });
  });

  it('releases the lock when the job throws', async () => {
    await expect(withAdvisoryLock(replicaA, 'reconciliation', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await withAdvisoryLock(replicaB, 'reconciliation', async () => 'after')).toEqual({ acquired: true, value: 'after' });
  });

  it('releases the lock when the replica holding it dies (its connection closes)', async () => {
    const holder = await new DataSource({ type: 'postgres', url: (replicaA.options as { url: string }).url }).initialize();
    let release!: () => void;
    const held = withAdvisoryLock(holder, 'registry-refresh', () => new Promise<string>((r) => { release = () => r('held'); }));
    await sleep(100);
    expect(await withAdvisoryLock(replicaB, 'registry-refresh', async () => 'stolen')).toEqual({ acquired: false });
    // Kill the holder's backend as a crash would.
    await replicaB.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND granted`);
    await sleep(100);
    expect(await withAdvisoryLock(replicaB, 'registry-refresh', async () => 'taken over')).toEqual({ acquired: true, value: 'taken over' });
    release();
    await held.catch(() => undefined);
    await holder.destroy().catch(() => undefined);
  });

  it('a scheduled exclusive job ticks on one replica; the other skips it while the first runs, and runs it after', async () => {
    const jobsA = new ScheduledJobs(new SchedulerRegistry(), new AdvisoryJobLock(replicaA));
    const jobsB = new ScheduledJobs(new SchedulerRegistry(), new AdvisoryJobLock(replicaB));
    let release!: () => void;
    const runs: string[] = [];
    const job = (replica: string, wait: boolean): ScheduledJob => ({
      name: 'request-log-retention', everyMs: 60_000, exclusive: true,
      run: () => new Promise<void>((r) => { runs.push(replica); if (wait) release = r; else r(); }),
    });
    const first = jobsA.tick(job('a', true));
    await sleep(100);
    expect(await jobsB.tick(job('b', false))).toBe('locked');
    release();
    expect(await first).toBe('ran');
    expect(await jobsB.tick(job('b', false))).toBe('ran');
    expect(runs).toEqual(['a', 'b']);
  });
});

describe('withAdvisoryLock on SQLite (one process)', () => {
  it('just runs the job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-lock-'));
    const ds = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'x.db') }).initialize();
    try {
      expect(await withAdvisoryLock(ds, 'anything', async () => 42)).toEqual({ acquired: true, value: 42 });
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
