import { Module } from '@nestjs/common';
import { RequestLogModule } from '../../logging/index.js';
import { LogsController } from './logs.controller.js';
import { LogsService } from './logs.service.js';

/** GET /api/logs, GET /api/logs/:requestId. */
@Module({
  imports: [RequestLogModule],
  controllers: [LogsController], providers: [LogsService],
})
export class LogsApiModule {}
