import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsUsdAmount } from '../../common/index.js';

export class CreditDto {
  @ApiProperty({ description: 'USD to add (top-up) or, when negative, to take off (correction). Non-zero, |amount| ≤ 1,000,000; at most 10 decimals (exact).', example: 25 })
  @IsUsdAmount({ min: -1_000_000, max: 1_000_000, nonZero: true })
  amount_usd: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'invoice 2026-031' })
  @IsOptional() @IsString() @MaxLength(500)
  note?: string | null;
}

export class LedgerQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(400)
  cursor?: string;
}
