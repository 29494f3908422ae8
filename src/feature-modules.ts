import type { Type } from '@nestjs/common';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { AlertsModule } from './alerts/index.js';
import { GatewayModule } from './gateway/index.js';
import { ScaleoutModule } from './scaleout/index.js';

/**
 * The product's top-level modules. Each imports what it uses (see DESIGN.md): GatewayModule brings auth, billing,
 * request logs, the registry and the providers; ScaleoutModule the cross-replica invalidation and live-feed
 * fan-out; AlertsModule the webhooks and the delivery of the alert outbox; DashboardModule the admin API, the live
 * feed and the SPA.
 */
export const FEATURE_MODULES: Type[] = [GatewayModule, ScaleoutModule, AlertsModule, DashboardModule];
