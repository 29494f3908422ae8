import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProviderRecord } from './provider-record.entity.js';
import { ProviderStore } from './provider-store.service.js';

/** Database-backed provider definitions (admin API). Needs ProviderRegistry in scope (the providers module). */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderRecord])],
  providers: [ProviderStore],
  exports: [ProviderStore],
})
export class ProviderStoreModule {}
