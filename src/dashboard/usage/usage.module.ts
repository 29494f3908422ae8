import { Module } from '@nestjs/common';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

/** GET /api/usage. */
@Module({ controllers: [UsageController], providers: [UsageService] })
export class UsageApiModule {}
