import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsUsdAmount } from '../../common/index.js';
import { BUDGET_PERIODS, type BudgetPeriod } from '../../billing/index.js';

/** A budget on a client or a key: money, not tokens. */
export class BudgetDto {
  @ApiProperty({ minimum: 0, maximum: 900_000_000, description: 'The most this client or key may spend per period, in USD (at most 10 decimals)', example: 50 })
  @IsUsdAmount({ min: 0, max: 900_000_000 })
  limit_usd: number;

  @ApiProperty({ enum: BUDGET_PERIODS, description: 'Periods start at 00:00 UTC (weeks on Monday, months on the 1st); total never resets' })
  @IsIn(BUDGET_PERIODS as unknown as string[])
  period: BudgetPeriod;

  @ApiPropertyOptional({ type: [Number], description: 'Alert thresholds in percent of the limit (1–100); each fires once per period', example: [50, 80, 100], default: [50, 80, 100] })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true }) @Max(100, { each: true })
  alert_at_pct?: number[];
}
