import { Module } from '@nestjs/common';
import { AlertDispatcher } from './alert.dispatcher.js';
import { ProviderStateAlerts } from './provider-state.alerts.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks and the delivery of the alert outbox (the events themselves are decided by billing and providers). */
@Module({ providers: [WebhooksService, AlertDispatcher, ProviderStateAlerts], exports: [WebhooksService, AlertDispatcher] })
export class AlertsModule {}
