import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { RequestLogQuery, type LogFilters, type LogPage } from '../../logging/index.js';
import type { LogsQueryDto } from './logs.dto.js';

/** Turns validated query strings into log filters (400 for a bad range or cursor). */
@Injectable()
export class LogsService {
  constructor(private readonly logs: RequestLogQuery) {}

  async list(q: LogsQueryDto): Promise<LogPage> {
    const filters: LogFilters = { limit: q.limit ?? 50 };
    if (q.client_id !== undefined) filters.clientId = q.client_id;
    if (q.model !== undefined) filters.model = q.model;
    if (q.provider !== undefined) filters.provider = q.provider;
    if (q.surface !== undefined) filters.surface = q.surface;
    if (q.tag !== undefined) filters.tag = q.tag;
    if (q.status !== undefined) filters.status = parseStatus(q.status);
    if (q.from !== undefined) filters.from = parseTime(q.from, 'from');
    if (q.to !== undefined) filters.to = parseTime(q.to, 'to');
    if (filters.from !== undefined && filters.to !== undefined && filters.from > filters.to) throw new BadRequestException(['from must not be after to']);
    if (q.cursor !== undefined) filters.cursor = q.cursor;
    try {
      return await this.logs.list(filters);
    } catch (err) {
      if (err instanceof RangeError && err.message === 'cursor') throw new BadRequestException(['cursor is not valid']);
      throw err;
    }
  }

  async get(requestId: string) {
    const log = await this.logs.get(requestId);
    if (!log) throw new NotFoundException(`request ${requestId} not found`);
    return log;
  }
}

export function parseTime(value: string, name: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new BadRequestException([`${name} must be an ISO 8601 date`]);
  return ms;
}

function parseStatus(value: string): NonNullable<LogFilters['status']> {
  const v = value.toLowerCase();
  if (v === 'error') return { min: 400, max: 999 };
  if (v === 'success') return { min: 0, max: 399 };
  if (v.endsWith('xx')) {
    const base = Number(v[0]) * 100;
    return { min: base, max: base + 99 };
  }
  return { exact: Number(v) };
}
