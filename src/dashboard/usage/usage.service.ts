import { BadRequestException, Injectable } from '@nestjs/common';
import { UsageQuery, type UsageItem } from '../../logging/index.js';
import { parseTime } from '../logs/logs.service.js';
import type { UsageQueryDto } from './usage.dto.js';

@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageQuery) {}

  async summary(query: UsageQueryDto): Promise<{ data: UsageItem[] }> {
    const from = query.from === undefined ? undefined : parseTime(query.from, 'from');
    const to = query.to === undefined ? undefined : parseTime(query.to, 'to');
    if (from !== undefined && to !== undefined && from > to) throw new BadRequestException(['from must not be after to']);
    return { data: await this.usage.summarize(query.group_by ?? 'day', from, to) };
  }
}
