import { Module } from '@nestjs/common';
import { ProvidersModule } from '../../providers/index.js';
import { ProviderStoreModule } from '../../providers/store/index.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersAdminService } from './providers-admin.service.js';

@Module({
  imports: [ProviderStoreModule, ProvidersModule],
  controllers: [ProvidersController],
  providers: [ProvidersAdminService],
})
export class ProvidersAdminModule {}
