import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/index.js';
import { dataSourceOptions } from './data-source.options.js';

/** The app's data source for the TypeORM CLI (`npm run migration:run` after a build). */
export default new DataSource(dataSourceOptions(loadConfig()));
