import { Module } from '@nestjs/common';
import { LogsController } from './logs.controller.js';
import { LogsService } from './logs.service.js';

/** GET /api/logs, GET /api/logs/:requestId. */
@Module({ controllers: [LogsController], providers: [LogsService] })
export class LogsApiModule {}
