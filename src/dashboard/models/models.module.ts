import { Module } from '@nestjs/common';
import { ProvidersModule } from '../../providers/index.js';
import { RegistryModule } from '../../registry/index.js';
import { GatewayModule } from '../../gateway/index.js';
import { ModelsController } from './models.controller.js';
import { ModelsAdminService } from './models.service.js';

/** Admin API for the model catalog: GET /api/models, GET /api/models/route, POST /api/registry/refresh. */
@Module({
  imports: [GatewayModule, RegistryModule, ProvidersModule],
  controllers: [ModelsController],
  providers: [ModelsAdminService],
})
export class DashboardModelsModule {}
