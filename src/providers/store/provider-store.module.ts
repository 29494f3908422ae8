import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProvidersModule } from '../providers.module.js';
import { ProviderRecord } from './provider-record.entity.js';
import { ProviderStore } from './provider-store.service.js';

/** Database-backed provider definitions (admin API), synced into the ProviderRegistry. */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderRecord]), ProvidersModule],
  providers: [ProviderStore],
  exports: [ProviderStore],
})
export class ProviderStoreModule {}
