import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { newAlertEvent, outboxInsert } from '../billing/index.js';
import { EventBus } from '../common/index.js';
import { SqlTransactions } from '../database/index.js';

/**
 * A provider's breaker changing state becomes a `provider.state` alert for webhooks (the outbox). The live feed already
 * carries the same change as its own `provider` event, so it is not sent there a second time.
 */
@Injectable()
export class ProviderStateAlerts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly events: EventBus, private readonly sqlTx: SqlTransactions) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe((event) => {
      if (event.type !== 'provider') return;
      const alert = newAlertEvent('provider.state', { name: event.data.name, state: event.data.state });
      this.sqlTx
        .query(outboxInsert(alert))
        .catch((err: unknown) => this.logger.warn({ err }, 'provider.state alert not stored'));
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }
}
