import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/index.js';
import { BackupService } from '../../database/index.js';
import { SystemService, type SystemInfo } from './system.service.js';

@ApiTags('system')
@ApiBearerAuth('session')
@ApiCookieAuth('session-cookie')
@Controller('api/system')
export class SystemController {
  constructor(
    private readonly system: SystemService,
    private readonly backups: BackupService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'version, uptime, database, registry age and every provider’s breaker state' })
  info(): Promise<SystemInfo> {
    return this.system.info();
  }

  @Get('backup')
  @Roles('admin')
  @Header('cache-control', 'no-store')
  @ApiProduces('application/vnd.sqlite3')
  @ApiOkResponse({ description: 'a consistent SQLite snapshot (400 on PostgreSQL: use pg_dump)' })
  async backup(): Promise<StreamableFile> {
    const snap = await this.backups.snapshot();
    return new StreamableFile(snap.stream, { type: 'application/vnd.sqlite3', disposition: `attachment; filename="${snap.filename}"`, length: snap.size });
  }
}
