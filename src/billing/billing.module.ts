import { Module } from '@nestjs/common';
import { RequestLogModule } from '../logging/index.js';
import { BillingService } from './billing.service.js';
import { BillingHousekeeping } from './housekeeping.service.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';
import { BillingInstance } from './instance/billing-instance.js';
import { LedgerService } from './ledger/ledger.service.js';
import { ReconciliationService } from './reconciliation/reconciliation.service.js';

/** Prepaid credit: admission, settlement, ledger, idempotency, crash reconciliation. */
@Module({
  imports: [RequestLogModule],
  providers: [BillingInstance, BillingService, LedgerService, IdempotencyService, ReconciliationService, BillingHousekeeping],
  exports: [BillingService, LedgerService, IdempotencyService, ReconciliationService, BillingHousekeeping, BillingInstance],
})
export class BillingModule {}
