import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobLock } from '../common/index.js';
import { AppConfig } from '../config/index.js';
import { AdvisoryJobLock } from './advisory-lock.js';
import { BackupService } from './backup.service.js';
import { DatabaseInfo } from './database-info.service.js';
import { dataSourceOptions } from './data-source.options.js';
import { runMigrations } from './migrate.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqlTransactions } from './sql/sql-transactions.service.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [DatabaseInfo, SqliteCheckpointer, SqlTransactions, BackupService, { provide: JobLock, useClass: AdvisoryJobLock }],
  exports: [DatabaseInfo, SqlTransactions, BackupService, JobLock],
})
export class DatabaseModule {}
