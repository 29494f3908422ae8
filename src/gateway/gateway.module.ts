import { Module } from '@nestjs/common';
import { ClientLimiter } from '../auth/index.js';
import { BillingService, IdempotencyService } from '../billing/index.js';
import { RequestLogWriter } from '../logging/index.js';
import { RegistryService, RoutingService, catalogProviderFor } from '../registry/index.js';
import { ChatController } from './chat/chat.controller.js';
import { ChatService } from './chat/chat.service.js';
import { ChatStreamer } from './chat/chat.streamer.js';
import { EmbeddingsController } from './embeddings/embeddings.controller.js';
import { EmbeddingsService } from './embeddings/embeddings.service.js';
import { BILLING, CATALOG, CATALOG_PROVIDER_FOR, IDEMPOTENCY, LIMITER, REQUEST_LOG, ROUTING } from './pipeline/gateway.ports.js';
import { RequestFinisher } from './pipeline/request.finisher.js';
import { RequestLifecycle } from './pipeline/request.lifecycle.js';
import { ModelsController } from './models/models.controller.js';
import { ModelsService } from './models/models.service.js';
import { GatewayRouter } from './routing/gateway.router.js';
import { ResponsesController } from './responses/responses.controller.js';
import { ResponsesService } from './responses/responses.service.js';
import { ResponsesStreamer } from './responses/responses.streamer.js';
import { ResponsesRetentionJob } from './responses/store/responses.retention.js';
import { StoredResponsesStore } from './responses/store/stored-responses.store.js';

/**
 * The inbound /v1 surfaces: controllers, edge validation, the per-request pipeline (admission, candidates with
 * retries and fallbacks, settlement, the log entry) and route planning over the provider runtimes.
 */
@Module({
  controllers: [ChatController, EmbeddingsController, ModelsController, ResponsesController],
  providers: [
    GatewayRouter,
    RequestFinisher,
    RequestLifecycle,
    ChatStreamer,
    ChatService,
    EmbeddingsService,
    ModelsService,
    ResponsesService,
    ResponsesStreamer,
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
