import { Module } from '@nestjs/common';
import { AuthApiModule } from './auth/auth-api.module.js';
import { ClientsApiModule } from './clients/clients-api.module.js';
import { CreditApiModule } from './credit/credit.module.js';
import { LiveModule } from './live/live.module.js';
import { LogsApiModule } from './logs/logs.module.js';
import { DashboardModelsModule } from './models/models.module.js';
import { ProvidersAdminModule } from './providers/providers-admin.module.js';
import { SessionsApiModule } from './sessions/sessions-api.module.js';
import { SpaModule } from './spa/spa.module.js';
import { SystemModule } from './system/system.module.js';
import { UsageApiModule } from './usage/usage.module.js';
import { RoutingApiModule } from './routing/routing-api.module.js';
import { UsersApiModule } from './users/users-api.module.js';
import { WebhooksApiModule } from './webhooks/webhooks-api.module.js';

/**
 * The dashboard: the admin REST API by resource (/api), the /ws live feed and the SPA. Each sub-module imports the
 * feature modules whose services it reads; the dashboard owns no business rule.
 */
@Module({
  imports: [
    AuthApiModule, UsersApiModule, SessionsApiModule, ClientsApiModule, CreditApiModule, ProvidersAdminModule,
    DashboardModelsModule, UsageApiModule, LogsApiModule, WebhooksApiModule, RoutingApiModule, SystemModule, LiveModule, SpaModule,
  ],
})
export class DashboardModule {}
