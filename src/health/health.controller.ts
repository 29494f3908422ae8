import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ReadinessIndicators } from './readiness.indicator.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly indicators: ReadinessIndicators) {}

  /** Liveness: the process serves. */
  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'The process is alive', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: database answers, a model registry is loaded, not draining. */
  @Get('ready')
  @HealthCheck()
  @Header('cache-control', 'no-store')
  ready() {
    return this.health.check([() => this.indicators.draining(), () => this.indicators.database_(), ...this.indicators.registered()]);
  }

  @Get('live')
  @ApiExcludeEndpoint()
  liveAlias(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
