import { Module } from '@nestjs/common';
import { AuthModule, ClientLimiter } from '../auth/index.js';
import { BillingModule, BillingService, IdempotencyService } from '../billing/index.js';
import { RequestLogModule, RequestLogWriter } from '../logging/index.js';
import { ProvidersModule } from '../providers/index.js';
import { RegistryModule, RegistryService, RoutingService, catalogProviderFor } from '../registry/index.js';
import { ChatController } from './chat/chat.controller.js';
import { ChatService } from './chat/chat.service.js';
import { EmbeddingsController } from './embeddings/embeddings.controller.js';
import { EmbeddingsService } from './embeddings/embeddings.service.js';
import { BILLING, CATALOG, CATALOG_PROVIDER_FOR, IDEMPOTENCY, LIMITER, REQUEST_LOG, ROUTING } from './pipeline/gateway.ports.js';
import { ExchangeDesk } from './pipeline/exchange.js';
import { ModelsController } from './models/models.controller.js';
import { ModelsService } from './models/models.service.js';
import { GatewayRouter } from './planning/gateway.router.js';
import { ModelLabels } from './metrics/model-labels.js';
import { CountTokensService } from './messages/count-tokens.service.js';
import { MessagesController } from './messages/messages.controller.js';
import { MessagesService } from './messages/messages.service.js';
import { ResponsesController } from './responses/responses.controller.js';
import { ResponsesService } from './responses/responses.service.js';
import { ResponsesRetentionJob } from './responses/store/responses.retention.js';
import { StoredResponsesStore } from './responses/store/stored-responses.store.js';

/**
 * The inbound /v1 surfaces: controllers, edge validation, the per-request pipeline (admission, candidates with
 * retries and fallbacks, settlement, the log entry) and route planning over the provider runtimes.
 */
@Module({
  imports: [AuthModule, BillingModule, RequestLogModule, RegistryModule, ProvidersModule],
  controllers: [ChatController, EmbeddingsController, ModelsController, MessagesController, ResponsesController],
  providers: [
    GatewayRouter,
    ExchangeDesk,
    ChatService,
    EmbeddingsService,
    ModelsService,
    ModelLabels,
    MessagesService,
    CountTokensService,
    ResponsesService,
    StoredResponsesStore,
    ResponsesRetentionJob,
    { provide: LIMITER, useExisting: ClientLimiter },
    { provide: BILLING, useExisting: BillingService },
    { provide: IDEMPOTENCY, useExisting: IdempotencyService },
    { provide: REQUEST_LOG, useExisting: RequestLogWriter },
    { provide: CATALOG, useExisting: RegistryService },
    { provide: ROUTING, useExisting: RoutingService },
    { provide: CATALOG_PROVIDER_FOR, useValue: catalogProviderFor },
  ],
  exports: [GatewayRouter],
})
export class GatewayModule {}
