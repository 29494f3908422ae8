import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { USAGE_GROUPS, type UsageGroup } from '../../logging/index.js';

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601 (rounded down to the hour)' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: USAGE_GROUPS, default: 'day' }) @IsOptional() @IsIn(USAGE_GROUPS as unknown as string[])
  group_by?: UsageGroup;
}
