import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RoutingStatusDto } from './routing-status.dto.js';
import { RoutingStatusService } from './routing-status.service.js';

@ApiTags('routing')
@ApiBearerAuth('session')
@ApiCookieAuth('session-cookie')
@Controller('api/routing')
export class RoutingStatusController {
  constructor(private readonly routing: RoutingStatusService) {}

  /** Each deployment and key with its state, share of traffic, latency and cooldown; the routing rules and aliases. */
  @Get()
  @ApiOkResponse({ type: RoutingStatusDto })
  status(): RoutingStatusDto {
    return this.routing.status();
  }
}
