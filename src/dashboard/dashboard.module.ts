import { Module } from '@nestjs/common';
import { LiveModule } from './live/live.module.js';
import { ProvidersAdminModule } from './providers/providers-admin.module.js';
import { SpaModule } from './spa/spa.module.js';
import { SystemModule } from './system/system.module.js';

/** The dashboard's own pieces: providers admin, system info and backup, the /ws live feed, the SPA. */
@Module({
  imports: [ProvidersAdminModule, SystemModule, LiveModule, SpaModule],
})
export class DashboardModule {}
