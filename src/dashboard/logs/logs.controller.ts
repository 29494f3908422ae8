import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { LogPage } from '../../logging/index.js';
import { LogsQueryDto } from './logs.dto.js';
import { LogsService } from './logs.service.js';

/** Request logs, newest first, with filters and cursor pagination; one request's details (bodies when recorded). */
@ApiTags('logs')
@ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
@Controller('api/logs')
export class LogsController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  list(@Query() query: LogsQueryDto): Promise<LogPage> {
    return this.logs.list(query);
  }

  @Get(':requestId')
  get(@Param('requestId') requestId: string) {
    return this.logs.get(requestId.slice(0, 128));
  }
}
