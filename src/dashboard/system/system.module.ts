import { Module } from '@nestjs/common';
import { BackupService } from './backup.service.js';
import { SystemController } from './system.controller.js';
import { SystemService } from './system.service.js';

@Module({
  controllers: [SystemController],
  providers: [SystemService, BackupService],
})
export class SystemModule {}
