import { Module } from '@nestjs/common';
import { AlertsModule } from '../../alerts/index.js';
import { WebhooksController } from './webhooks.controller.js';

/** /api/webhooks. */
@Module({
  imports: [AlertsModule],
  controllers: [WebhooksController],
})
export class WebhooksApiModule {}
