import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { UsageItem } from '../../logging/index.js';
import { UsageQueryDto } from './usage.dto.js';
import { UsageService } from './usage.service.js';

/** Usage totals from the hourly rollups, grouped by client, model, provider, day or hour (UTC). */
@ApiTags('usage')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  summary(@Query() query: UsageQueryDto): Promise<{ data: UsageItem[] }> {
    return this.usage.summary(query);
  }
}
