import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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

  /**
   * Readiness: database answers, a model registry is loaded, not draining, not under pressure. A 503 carries
   * terminus' details (which check is down and why), not the generic error envelope.
   */
  @Get('ready')
  @HealthCheck()
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([() => this.indicators.draining(), () => this.indicators.database_(), ...this.indicators.registered()]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      reply.code(503);
      return err.getResponse();
    }
  }

  @Get('live')
  @ApiExcludeEndpoint()
  liveAlias(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
