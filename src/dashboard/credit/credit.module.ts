import { Module } from '@nestjs/common';
import { BillingModule } from '../../billing/index.js';
import { CreditController } from './credit.controller.js';
import { CreditService } from './credit.service.js';

/** POST /api/clients/:id/credit, GET /api/clients/:id/ledger. */
@Module({
  imports: [BillingModule],
  controllers: [CreditController], providers: [CreditService],
})
export class CreditApiModule {}
