export type { RequestLogEntry } from '../../common/index.js';
