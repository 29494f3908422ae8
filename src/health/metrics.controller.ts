import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/index.js';
import { ApiError, MetricsRegistry, hexEquals, sha256Hex } from '../common/index.js';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly tokenHash: string | null;

  constructor(private readonly metrics: MetricsRegistry, config: AppConfig) {
    this.tokenHash = config.runtime.metrics_token ? sha256Hex(config.runtime.metrics_token) : null;
  }

  /** Prometheus text exposition. Bearer GOPHERGATE_METRICS_TOKEN when it is set. */
  @Get()
  @ApiProduces('text/plain')
  @ApiBearerAuth('metrics-token')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (this.tokenHash) {
      const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!hexEquals(sha256Hex(given), this.tokenHash)) throw new ApiError(401, 'invalid_request_error', 'A valid metrics token is required.', 'invalid_metrics_token');
    }
    reply.header('content-type', this.metrics.registry.contentType).header('cache-control', 'no-store').send(await this.metrics.registry.metrics());
  }
}
