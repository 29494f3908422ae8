import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobLock, type LockResult } from '../common/index.js';

/** Advisory-lock namespace for scheduled jobs (billing's liveness locks use 735560, migrations 7355608001). */
export const JOB_LOCK_NAMESPACE = 735_561;

/**
 * Run `fn` only if no other replica is running the job named `key` right now (PostgreSQL session advisory lock,
 * try-lock: a replica that finds it taken skips this round instead of waiting). The lock lives on one connection
 * held for the run, so a replica that dies mid-run releases it with its connection.
 * On SQLite (one process by design) it just runs `fn`.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: string, fn: () => Promise<T>): Promise<LockResult<T>> {
  if (dataSource.options.type !== 'postgres') return { acquired: true, value: await fn() };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let locked = false;
  try {
    const rows = (await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS got', [JOB_LOCK_NAMESPACE, key])) as Array<{ got: boolean }>;
    locked = rows[0]?.got === true;
    if (!locked) return { acquired: false };
    return { acquired: true, value: await fn() };
  } finally {
    if (locked) await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_NAMESPACE, key]).catch(() => undefined);
    await runner.release();
  }
}

/** The scheduled jobs' cross-replica lock (common's JobLock), on the application's data source. */
@Injectable()
export class AdvisoryJobLock extends JobLock {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  runExclusive<T>(name: string, fn: () => Promise<T>): Promise<LockResult<T>> {
    return withAdvisoryLock(this.dataSource, name, fn);
  }
}
