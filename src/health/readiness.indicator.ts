import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DatabaseInfo } from '../database/index.js';
import { DrainState, ReadinessRegistry } from '../common/index.js';

/** Terminus indicators: database ping, draining, and every check a module registered. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseInfo,
    private readonly drain: DrainState,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async database_(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      const started = performance.now();
      await Promise.race([this.database.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
      return indicator.up({ kind: this.database.kind, ping_ms: Math.round((performance.now() - started) * 10) / 10 });
    } catch (err) {
      return indicator.down({ kind: this.database.kind, message: (err as Error).message });
    }
  }

  draining(): HealthIndicatorResult {
    const indicator = this.indicators.check('lifecycle');
    return this.drain.isDraining ? indicator.down({ draining: true }) : indicator.up({ draining: false });
  }

  registered(): Array<() => Promise<HealthIndicatorResult>> {
    return this.readiness.entries().map(([name, check]) => async () => {
      const indicator = this.indicators.check(name);
      try {
        const result = await check();
        return result.ok ? indicator.up(result.detail) : indicator.down(result.detail);
      } catch (err) {
        return indicator.down({ message: (err as Error).message });
      }
    });
  }
}
