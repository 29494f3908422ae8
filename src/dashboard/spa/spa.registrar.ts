import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerSpa } from './spa.routes.js';
import { defaultWebRoot } from './web-root.js';

/** Mounts the dashboard SPA on the Fastify instance (after Nest's routes and not-found handler exist). */
@Injectable()
export class SpaRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger('Dashboard');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    const root = defaultWebRoot();
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await registerSpa(fastify, root);
    if (!existsSync(join(root, 'index.html'))) this.logger.warn({ root }, 'the dashboard is not built (npm run build); / explains how');
  }
}
