import { Module } from '@nestjs/common';
import { RegistryModule } from '../../registry/index.js';
import { ProvidersModule } from '../../providers/index.js';
import { SystemController } from './system.controller.js';
import { SystemService } from './system.service.js';

@Module({
  imports: [ProvidersModule, RegistryModule],
  controllers: [SystemController],
  providers: [SystemService],
})
export class SystemModule {}
