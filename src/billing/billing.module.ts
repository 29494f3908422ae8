import { Module } from '@nestjs/common';
import { RequestLogModule } from '../logging/index.js';
import { BillingService } from './billing.service.js';
import { BillingHousekeeping } from './housekeeping.service.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';
import { BillingInstance } from './instance/billing-instance.js';
import { LedgerService } from './ledger/ledger.service.js';
import { ReconciliationService } from './reconciliation/reconciliation.service.js';
import { BudgetClock } from './budgets/budget.clock.js';
import { BudgetRefusals } from './budgets/budget.refusals.js';
import { BudgetService } from './budgets/budget.service.js';
import { BudgetAlerts } from './alerts/budget.alerts.js';
import { CreditBook } from './admission/credit-book.js';
import { AdmissionJournal } from './admission/admission.journal.js';
import { CreditLeases } from './admission/credit-leases.js';

/** Prepaid credit: admission, settlement, ledger, idempotency, crash reconciliation. */
@Module({
  imports: [RequestLogModule],
  providers: [CreditBook, AdmissionJournal, CreditLeases, BudgetAlerts, BudgetClock, BudgetRefusals, BudgetService, BillingInstance, BillingService, LedgerService, IdempotencyService, ReconciliationService, BillingHousekeeping],
  exports: [BudgetAlerts, BudgetClock, BudgetService, BillingService, LedgerService, IdempotencyService, ReconciliationService, BillingHousekeeping, BillingInstance],
})
export class BillingModule {}
