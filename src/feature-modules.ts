import type { Type } from '@nestjs/common';
import { RegistryModule } from './registry/index.js';
import { RequestLogModule } from './logging/index.js';
import { BillingModule } from './billing/index.js';
import { DashboardModelsModule } from './dashboard/models/models.module.js';
import { CreditApiModule } from './dashboard/credit/credit.module.js';
import { UsageApiModule } from './dashboard/usage/usage.module.js';
import { LogsApiModule } from './dashboard/logs/logs.module.js';
import { ScaleoutModule } from './scaleout/index.js';
import { AuthModule } from './auth/index.js';
import { AuthApiModule } from './dashboard/auth/auth-api.module.js';
import { UsersApiModule } from './dashboard/users/users-api.module.js';
import { SessionsApiModule } from './dashboard/sessions/sessions-api.module.js';
import { ClientsApiModule } from './dashboard/clients/clients-api.module.js';
import { ProvidersModule } from './providers/index.js';
import { GatewayModule } from './gateway/index.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { RoutingApiModule } from './dashboard/routing/routing-api.module.js';

/** The product's feature modules, in dependency order. */
export const FEATURE_MODULES: Type[] = [RegistryModule, RequestLogModule, BillingModule, AuthModule, AuthApiModule, UsersApiModule, SessionsApiModule, ClientsApiModule, ProvidersModule, GatewayModule, DashboardModelsModule, CreditApiModule, UsageApiModule, LogsApiModule, ScaleoutModule, DashboardModule, RoutingApiModule];
