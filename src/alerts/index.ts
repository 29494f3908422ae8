export { AlertsModule } from './alerts.module.js';
export { WebhooksService, type WebhookInput } from './webhooks.service.js';
export { AlertDispatcher } from './alert.dispatcher.js';
export { signatureOf, SIGNATURE_HEADER, EVENT_ID_HEADER } from './webhook.signer.js';
export type { WebhookView, DeliveryView, WebhookTarget } from './webhook.types.js';
