import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsUsdAmount } from '../../common/index.js';
import { BudgetDto } from './budget.dto.js';

const MAX_LIMIT = 2_000_000_000;

class ClientFields {
  @ApiPropertyOptional({ type: [String], nullable: true, description: 'Model globs this client may use (* and ?); null or empty: every model', example: ['gpt-4o*', 'claude-*'] })
  @IsOptional() @IsArray() @ArrayMaxSize(100)
  @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  allowed_models?: string[] | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, description: 'Requests per minute; null: no limit' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT)
  rpm?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, description: 'Tokens per minute; null: no limit' })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_LIMIT)
  tpm?: number | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true, description: 'A spending limit per period; null removes it' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'A credit.low alert fires when the balance falls below this (USD); null: never' })
  @IsOptional() @IsUsdAmount({ min: 0, max: 1_000_000 })
  low_balance_usd?: number | null;
}

export class CreateClientDto extends ClientFields {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'mobile-app' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1_000_000, description: 'Initial credit in USD (an "initial" ledger entry)' })
  @IsOptional() @IsUsdAmount({ min: 0, max: 1_000_000 })
  credit_usd?: number | null;
}

export class UpdateClientDto extends ClientFields {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  name?: string;
}

export class CreateKeyDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'production' })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the key stops working; null: never' })
  @IsOptional() @IsString() @MaxLength(64) @IsISO8601({ strict: true })
  expires_at?: string | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true, description: "The key's own spending limit per period" })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;
}

export class UpdateKeyDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ type: BudgetDto, nullable: true, description: "The key's own spending limit per period; null removes it" })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;
}
