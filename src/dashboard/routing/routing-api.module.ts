import { Module } from '@nestjs/common';
import { RoutingStatusController } from './routing-status.controller.js';
import { RoutingStatusService } from './routing-status.service.js';

/** Admin API for routing across deployments: GET /api/routing. */
@Module({
  controllers: [RoutingStatusController],
  providers: [RoutingStatusService],
})
export class RoutingApiModule {}
