export { DatabaseModule } from './database.module.js';
export { DatabaseInfo } from './database-info.service.js';
export { dataSourceOptions, databaseKind, sqlitePath, prepareSqlite, type DatabaseKind } from './data-source.options.js';
export { runMigrations } from './migrate.js';
export { bigintNumber, nullableBigint, requiredBigint } from './columns.js';
