export { LoggingModule } from './logging.module.js';
export { registerAccessLog } from './access-log.js';
export { RequestLogModule } from './request-log.module.js';
export type { RequestLogEntry } from './request-log/request-log.types.js';
export { RequestLogWriter } from './request-log/request-log.writer.js';
export { RequestLogRetention } from './request-log/request-log.retention.js';
export { RequestLogQuery, type LogFilters, type LogItem, type LogPage } from './query/request-log.query.js';
export { UsageQuery, USAGE_GROUPS, type UsageGroup, type UsageItem } from './query/usage.query.js';
export { encodeCursor, decodeCursor } from './query/cursor.js';
