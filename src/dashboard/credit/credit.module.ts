import { Module } from '@nestjs/common';
import { CreditController } from './credit.controller.js';
import { CreditService } from './credit.service.js';

/** POST /api/clients/:id/credit, GET /api/clients/:id/ledger. */
@Module({ controllers: [CreditController], providers: [CreditService] })
export class CreditApiModule {}
