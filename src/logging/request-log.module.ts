import { Module } from '@nestjs/common';
import { RequestLogStore } from './request-log/request-log.store.js';
import { RequestLogWriter } from './request-log/request-log.writer.js';
import { RequestLogQuery } from './query/request-log.query.js';
import { UsageQuery } from './query/usage.query.js';
import { RequestLogRetention } from './request-log/request-log.retention.js';

/** Request logs (batched writer, retention, queries) and usage rollups. The pino setup stays in LoggingModule. */
@Module({
  providers: [RequestLogStore, RequestLogWriter, RequestLogQuery, UsageQuery, RequestLogRetention],
  exports: [RequestLogWriter, RequestLogQuery, UsageQuery, RequestLogRetention],
})
export class RequestLogModule {}
