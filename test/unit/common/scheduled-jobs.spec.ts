import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduledJobs, type JobLock, type LockResult, type ScheduledJob } from '../../../src/common/index.js';

/** A lock another replica may hold: `held` false makes this replica skip exclusive jobs. */
class FakeLock implements JobLock {
  held = true;
  asked: string[] = [];
  async runExclusive<T>(name: string, fn: () => Promise<T>): Promise<LockResult<T>> {
    this.asked.push(name);
    if (!this.held) return { acquired: false };
    return { acquired: true, value: await fn() };
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('ScheduledJobs', () => {
  let registry: SchedulerRegistry;
  let lock: FakeLock;
  let jobs: ScheduledJobs;
  let warn: jest.SpiedFunction<Logger['warn']>;

  beforeEach(() => {
    registry = new SchedulerRegistry();
    lock = new FakeLock();
    jobs = new ScheduledJobs(registry, lock);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jobs.onModuleDestroy();
    warn.mockRestore();
    jest.useRealTimers();
  });

  it('runs a job every everyMs under its name in the SchedulerRegistry, and stops when the module is destroyed', async () => {
    jest.useFakeTimers();
    let runs = 0;
    jobs.every({ name: 'count', everyMs: 1000, exclusive: false, run: async () => { runs++; } });
    jobs.every({ name: 'count', everyMs: 10, exclusive: false, run: async () => { runs += 100; } });
    expect(registry.getIntervals()).toEqual(['count']);
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(2001);
    expect(runs).toBe(3);
    jobs.onModuleDestroy();
    expect(registry.getIntervals()).toEqual([]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(3);
  });

  it('catches a failing run, logs it with the job name, and runs again on the next tick', async () => {
    const err = new Error('db down');
    let fail = true;
    const job: ScheduledJob = { name: 'purge-things', everyMs: 1000, exclusive: true, run: async () => { if (fail) throw err; } };
    await expect(jobs.tick(job)).resolves.toBe('failed');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ job: 'purge-things', err });
    fail = false;
    await expect(jobs.tick(job)).resolves.toBe('ran');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('an exclusive job runs only under the lock: a replica that does not get it skips the run', async () => {
    let runs = 0;
    const job: ScheduledJob = { name: 'retention', everyMs: 1000, exclusive: true, run: async () => { runs++; } };
    lock.held = false;
    await expect(jobs.tick(job)).resolves.toBe('locked');
    expect(runs).toBe(0);
    lock.held = true;
    await expect(jobs.tick(job)).resolves.toBe('ran');
    expect(runs).toBe(1);
    expect(lock.asked).toEqual(['retention', 'retention']);
  });

  it('a job that every replica runs does not take the lock', async () => {
    lock.held = false;
    let runs = 0;
    await expect(jobs.tick({ name: 'sync', everyMs: 1000, exclusive: false, run: async () => { runs++; } })).resolves.toBe('ran');
    expect(runs).toBe(1);
    expect(lock.asked).toEqual([]);
  });

  it('a run still going makes the next ticks skip instead of overlapping', async () => {
    jest.useFakeTimers();
    const gate = deferred();
    let started = 0;
    jobs.every({ name: 'slow', everyMs: 100, exclusive: true, run: async () => { started++; await gate.promise; } });
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(started).toBe(1);
    await expect(jobs.tick({ name: 'slow', everyMs: 100, exclusive: true, run: async () => { started++; } })).resolves.toBe('busy');
    gate.resolve();
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toBe(2);
  });

  it('shutdown stops the timers and waits for a run still going', async () => {
    const gate = deferred();
    let finished = false;
    const job: ScheduledJob = { name: 'deliver', everyMs: 50, exclusive: true, run: async () => { await gate.promise; finished = true; } };
    jobs.every(job);
    void jobs.tick(job);
    let shutDown = false;
    const shutdown = jobs.beforeApplicationShutdown().then(() => { shutDown = true; });
    expect(registry.getIntervals()).toEqual([]);
    await new Promise((r) => setTimeout(r, 20));
    expect(shutDown).toBe(false);
    gate.resolve();
    await shutdown;
    expect(finished).toBe(true);
  });
});
