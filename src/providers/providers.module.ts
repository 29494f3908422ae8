import { Global, Module } from '@nestjs/common';
import { ClientLimiter } from '../auth/index.js';
import { BillingService, IdempotencyService } from '../billing/index.js';
import { RequestLogWriter } from '../logging/index.js';
import { RegistryService, RoutingService, catalogProviderFor } from '../registry/index.js';
import { ChatController } from './chat/chat.controller.js';
import { ChatService } from './chat/chat.service.js';
import { ChatStreamer } from './chat/chat.streamer.js';
import { EmbeddingsController } from './embeddings/embeddings.controller.js';
import { EmbeddingsService } from './embeddings/embeddings.service.js';
import { BILLING, CATALOG, CATALOG_PROVIDER_FOR, IDEMPOTENCY, LIMITER, REQUEST_LOG, ROUTING } from './gateway/gateway.ports.js';
import { RequestFinisher } from './gateway/request.finisher.js';
import { RequestLifecycle } from './gateway/request.lifecycle.js';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { ModelsController } from './models/models.controller.js';
import { ModelsService } from './models/models.service.js';
import { ProviderRegistry } from './registry/provider.registry.js';
import { GatewayRouter } from './routing/gateway.router.js';

/**
 * The gateway: providers (registry of runtimes with pools and breakers), routing with prices, and the /v1
 * controllers. Global so the provider store and the dashboard reach ProviderRegistry and GatewayRouter.
 */
@Global()
@Module({
  controllers: [ChatController, EmbeddingsController, ModelsController],
  providers: [
    GatewayMetrics,
    ProviderRegistry,
    GatewayRouter,
    RequestFinisher,
    RequestLifecycle,
    ChatStreamer,
    ChatService,
    EmbeddingsService,
    ModelsService,
    { provide: LIMITER, useExisting: ClientLimiter },
    { provide: BILLING, useExisting: BillingService },
    { provide: IDEMPOTENCY, useExisting: IdempotencyService },
    { provide: REQUEST_LOG, useExisting: RequestLogWriter },
    { provide: CATALOG, useExisting: RegistryService },
    { provide: ROUTING, useExisting: RoutingService },
    { provide: CATALOG_PROVIDER_FOR, useValue: catalogProviderFor },
  ],
  exports: [ProviderRegistry, GatewayRouter, GatewayMetrics],
})
export class ProvidersModule {}
