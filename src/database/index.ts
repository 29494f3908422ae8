export { DatabaseModule } from './database.module.js';
export { DatabaseInfo } from './database-info.service.js';
export { dataSourceOptions, databaseKind, sqlitePath, prepareSqlite, type DatabaseKind } from './data-source.options.js';
export { runMigrations } from './migrate.js';
export { bigintNumber, nullableBigint, requiredBigint, moneyColumn, nullableMoneyColumn } from './columns.js';
export { SqlTransactions } from './sql/sql-transactions.service.js';
export { sql, num, bool, money, type SqlStep, type SqlRow, type TxBody, type SqlDialect } from './sql/sql.types.js';
export { isUniqueViolation, isSqliteBusy, isPostgresRetryable } from './sql/sql.dialect.js';
export { BackupService, backupTimestamp, type BackupDownload } from './backup.service.js';
