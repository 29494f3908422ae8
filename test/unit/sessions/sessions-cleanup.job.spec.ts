import { jest } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduledJobs, type JobLock } from '../../../src/common/index.js';
import { AppConfig } from '../../../src/config/index.js';
import { SessionsCleanupJob, SESSIONS_CLEANUP_JOB } from '../../../src/sessions/sessions-cleanup.job.js';
import type { SessionsService } from '../../../src/sessions/sessions.service.js';

/** One process: the lock is always held. */
const oneProcess: JobLock = { runExclusive: async (_name, fn) => ({ acquired: true, value: await fn() }) };

describe('SessionsCleanupJob', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('registers an interval of sessions.cleanup_minutes and runs the cleanup on it', async () => {
    jest.useFakeTimers();
    const config = new AppConfig();
    config.sessions.cleanup_minutes = 15;
    let runs = 0;
    const sessions = { cleanupExpired: async () => { runs++; return 0; } } as unknown as SessionsService;
    const registry = new SchedulerRegistry();
    const jobs = new ScheduledJobs(registry, oneProcess);
    const job = new SessionsCleanupJob(sessions, jobs, config);
    job.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual([SESSIONS_CLEANUP_JOB]);
    expect(job.intervalMs).toBe(15 * 60_000);
    await jest.advanceTimersByTimeAsync(15 * 60_000 - 1);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    expect(runs).toBe(3);
    jobs.onModuleDestroy();
    expect(registry.getIntervals()).toEqual([]);
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(runs).toBe(3);
  });

  it('survives a failing cleanup and reports what it removed', async () => {
    const config = new AppConfig();
    let fail = true;
    const sessions = { cleanupExpired: async () => { if (fail) throw new Error('db down'); return 4; } } as unknown as SessionsService;
    const job = new SessionsCleanupJob(sessions, new ScheduledJobs(new SchedulerRegistry(), oneProcess), config);
    await expect(job.run()).resolves.toBe(0);
    fail = false;
    await expect(job.run()).resolves.toBe(4);
  });
});
