// The TypeORM CLI's data source: the same options the app uses (SQLite in DATA_DIR, or DATABASE_URL).
export { default } from './src/database/cli.data-source.js';
