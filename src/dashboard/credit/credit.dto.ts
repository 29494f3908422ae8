import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, NotEquals } from 'class-validator';

export class CreditDto {
  @ApiProperty({ description: 'USD to add (top-up) or, when negative, to take off (correction). Non-zero, |amount| ≤ 1,000,000; precision 0.000001.', example: 25 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @NotEquals(0) @Min(-1_000_000) @Max(1_000_000)
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
