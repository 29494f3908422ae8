import { Module } from '@nestjs/common';
import { RequestLogModule } from '../../logging/index.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

/** GET /api/usage. */
@Module({
  imports: [RequestLogModule],
  controllers: [UsageController], providers: [UsageService],
})
export class UsageApiModule {}
