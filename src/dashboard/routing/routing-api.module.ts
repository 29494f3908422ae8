import { Module } from '@nestjs/common';
import { ProvidersModule } from '../../providers/index.js';
import { RoutingStatusController } from './routing-status.controller.js';
import { RoutingStatusService } from './routing-status.service.js';

/** Admin API for routing across deployments: GET /api/routing. */
@Module({
  imports: [ProvidersModule],
  controllers: [RoutingStatusController],
  providers: [RoutingStatusService],
})
export class RoutingApiModule {}
