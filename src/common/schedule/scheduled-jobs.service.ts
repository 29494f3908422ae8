import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobLock } from './job-lock.js';

export interface ScheduledJob {
  /** The SchedulerRegistry name, the `job` field of the log line and the lock's name. */
  name: string;
  everyMs: number;
  /** Only one replica at a time runs it (retention deletes, housekeeping, alert delivery…); the others skip the tick. */
  exclusive: boolean;
  run: () => Promise<unknown>;
}

/** What one tick did: ran, failed (logged), skipped because the previous run still goes, or another replica holds the lock. */
export type TickOutcome = 'ran' | 'failed' | 'busy' | 'locked';

/**
 * The one way the app runs periodic work: an interval registered in @nestjs/schedule's SchedulerRegistry (unref'd, so
 * it never keeps the process alive), a run still going makes the next tick skip, an error is caught and logged with
 * the job's name (the next tick tries again), and an `exclusive` job runs under the cross-replica JobLock. Timers stop
 * when the modules are destroyed, and shutdown waits for the runs still going before the database closes.
 */
@Injectable()
export class ScheduledJobs implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly names = new Set<string>();
  private readonly inFlight = new Map<string, Promise<TickOutcome>>();

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly lock: JobLock,
  ) {}

  /** Run `job` every `job.everyMs`. A name already scheduled is left as it is. */
  every(job: ScheduledJob): void {
    if (this.scheduler.doesExist('interval', job.name)) return;
    const timer = setInterval(() => void this.tick(job), job.everyMs);
    timer.unref();
    this.scheduler.addInterval(job.name, timer);
    this.names.add(job.name);
  }

  /** One run now, with the same rules as a tick (also how a job runs once at start). */
  tick(job: ScheduledJob): Promise<TickOutcome> {
    if (this.inFlight.has(job.name)) return Promise.resolve('busy');
    const run = this.runGuarded(job).finally(() => this.inFlight.delete(job.name));
    this.inFlight.set(job.name, run);
    return run;
  }

  private async runGuarded(job: ScheduledJob): Promise<TickOutcome> {
    try {
      if (!job.exclusive) {
        await job.run();
        return 'ran';
      }
      const result = await this.lock.runExclusive(job.name, job.run);
      return result.acquired ? 'ran' : 'locked';
    } catch (err) {
      this.logger.warn({ job: job.name, err }, 'scheduled job failed; the next tick runs it again');
      return 'failed';
    }
  }

  onModuleDestroy(): void {
    for (const name of this.names) if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    this.names.clear();
  }

  /** Runs still going finish while the database is still open (it closes in the shutdown hooks that follow). */
  async beforeApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    await Promise.all(this.inFlight.values());
  }
}
