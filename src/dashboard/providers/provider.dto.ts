import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BreakerConfig, PROVIDER_KINDS, RetryConfig, type ProviderKind } from '../../config/index.js';
import { IsHttpBaseUrl, IsOptionalNotNull, IsPricingMap } from './provider.validators.js';
import { PRICING_MAP_SCHEMA } from '../openapi/api.schemas.js';

const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const NAME_MESSAGE = 'name must be 1-63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit';
const PRESET = /^[a-z0-9][a-z0-9_.-]{0,31}$/;
const PRINTABLE = /^[\x21-\x7e]+$/;

type Pricing = Record<string, { input: number; output: number; cache_read?: number; cache_write?: number }>;

/** The per-provider limits both POST and PATCH accept, each optional (absent: the config default, or unchanged). */
class ProviderTuningDto {
  @ApiPropertyOptional({ example: 30 })
  @IsOptionalNotNull() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(3600)
  timeout_seconds?: number;

  @ApiPropertyOptional({ example: 60 })
  @IsOptionalNotNull() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(3600)
  stream_idle_seconds?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: RetryConfig })
  @IsOptionalNotNull() @IsObject() @ValidateNested() @Type(() => RetryConfig)
  retry?: RetryConfig;

  @ApiPropertyOptional({ type: BreakerConfig })
  @IsOptionalNotNull() @IsObject() @ValidateNested() @Type(() => BreakerConfig)
  breaker?: BreakerConfig;
}

/** POST /api/providers */
export class CreateProviderDto extends ProviderTuningDto {
  @ApiProperty({ example: 'my-openai' })
  @IsString() @Matches(NAME, { message: NAME_MESSAGE })
  name: string;

  @ApiProperty({ enum: PROVIDER_KINDS })
  @IsIn(PROVIDER_KINDS as unknown as string[], { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind: ProviderKind;

  @ApiPropertyOptional({ description: 'http(s) URL; defaults to the public URL of the kind or preset' })
  @IsOptionalNotNull() @IsHttpBaseUrl()
  base_url?: string;

  @ApiPropertyOptional({ type: String, description: 'write-only; stored encrypted, shown as ••••last4' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096) @Matches(PRINTABLE, { message: 'api_key must be printable characters without spaces' })
  api_key?: string | null;

  @ApiPropertyOptional({ example: 'deepseek' })
  @IsOptionalNotNull() @IsString() @Matches(PRESET, { message: 'preset must be lowercase letters, digits, ".", "_" or "-"' })
  preset?: string;

  @ApiPropertyOptional({ ...PRICING_MAP_SCHEMA, description: 'USD per 1M tokens per model: { "<model>": { input, output, cache_read?, cache_write? } }' })
  @IsOptionalNotNull() @IsPricingMap()
  pricing?: Pricing;

  @ApiPropertyOptional({ type: [String], description: 'the models this provider serves (listing and routing hints)' })
  @IsOptionalNotNull() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  models?: string[];
}

/** PATCH /api/providers/{id}: every field optional; `api_key: null` removes the key, absent keeps it. */
export class UpdateProviderDto extends ProviderTuningDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull() @IsString() @Matches(NAME, { message: NAME_MESSAGE })
  name?: string;

  @ApiPropertyOptional({ enum: PROVIDER_KINDS })
  @IsOptionalNotNull() @IsIn(PROVIDER_KINDS as unknown as string[], { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind?: ProviderKind;

  @ApiPropertyOptional()
  @IsOptionalNotNull() @IsHttpBaseUrl()
  base_url?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'write-only; null removes the key, absent keeps it' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096) @Matches(PRINTABLE, { message: 'api_key must be printable characters without spaces' })
  api_key?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional() @IsString() @Matches(PRESET, { message: 'preset must be lowercase letters, digits, ".", "_" or "-"' })
  preset?: string | null;

  @ApiPropertyOptional({ ...PRICING_MAP_SCHEMA, nullable: true, description: 'USD per 1M tokens per model; null removes every override' })
  @IsOptional() @IsPricingMap()
  pricing?: Pricing | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  models?: string[] | null;
}

/** One provider as the admin API shows it. */
export class ProviderItem {
  @ApiProperty({ example: 'config:openai' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) base_url: string | null;
  @ApiProperty({ nullable: true, type: String, example: '••••abcd' }) api_key: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty() timeout_seconds: number;
  @ApiProperty({ enum: ['config', 'env', 'database'] }) source: 'config' | 'env' | 'database';
  @ApiProperty({ example: 'closed', description: 'closed | open | half_open (breaker), or disabled' }) state: string;
  @ApiProperty({ description: 'false for providers from the config file or environment' }) editable: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) preset: string | null;
  @ApiPropertyOptional({ type: [String], nullable: true }) models: string[] | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) pricing: Pricing | null;
  @ApiPropertyOptional({ nullable: true, type: String }) created_at: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) updated_at: string | null;
}

export class ProviderTestResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() latency_ms: number;
  @ApiProperty() message: string;
}
