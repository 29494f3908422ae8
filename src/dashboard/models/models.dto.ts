import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RouteQueryDto {
  @ApiProperty({ example: 'claude-sonnet-4-5', description: 'A model id as a client would send it (may be provider/model)' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  model: string;
}

export class PriceTierDto {
  @ApiProperty({ example: 200000, description: 'applies when the prompt has more than this many tokens (all tokens at these rates)' }) above_tokens: number;
  @ApiProperty({ description: 'USD per 1M tokens' }) input_price: number;
  @ApiProperty() output_price: number;
  @ApiProperty({ nullable: true, type: Number }) cache_read_price: number | null;
  @ApiProperty({ nullable: true, type: Number }) cache_write_price: number | null;
}

export class ModelItemDto {
  @ApiProperty({ example: 'gpt-5-mini' }) id: string;
  @ApiProperty({ example: 'openai', description: 'models.dev provider id (or the configured provider for config-only models)' }) provider: string;
  @ApiProperty({ example: 'GPT-5 Mini' }) name: string;
  @ApiProperty({ nullable: true, type: Number, description: 'USD per 1M input tokens; null: unknown' }) input_price: number | null;
  @ApiProperty({ nullable: true, type: Number }) output_price: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: not listed (billed at the input price)' }) cache_read_price: number | null;
  @ApiProperty({ nullable: true, type: Number }) cache_write_price: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'tokens' }) context: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'tokens' }) max_output: number | null;
  @ApiProperty({ type: [String], description: 'configured providers that would serve this model id (primary, then fallbacks)' }) served_by: string[];
  @ApiPropertyOptional({ type: [PriceTierDto], description: 'long-context prices, only for models that have them' }) tiers?: PriceTierDto[];
}

export class RegistryInfoDto {
  @ApiProperty({ enum: ['bundled', 'cache', 'remote'] }) source: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) loaded_at: string | null;
  @ApiProperty() models: number;
  @ApiProperty() loaded: boolean;
}

export class ModelListDto {
  @ApiProperty({ type: [ModelItemDto] }) data: ModelItemDto[];
  @ApiProperty({ type: RegistryInfoDto }) registry: RegistryInfoDto;
}

export class RouteCandidateDto {
  @ApiProperty() provider: string;
  @ApiProperty() upstream_model: string;
  @ApiProperty({ example: 'closed' }) state: string;
  @ApiPropertyOptional({ enum: ['target', 'fallback'], description: 'one of the rule\'s targets, or a fallback tried after every target failed or is cooling down' }) role?: 'target' | 'fallback';
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'the target\'s weight (null for a fallback)' }) weight?: number | null;
  @ApiPropertyOptional({ description: 'milliseconds until the deployment is out of cooldown (0: available)' }) cooling_ms?: number;
}

export class RoutePriceDto {
  @ApiProperty() input: number;
  @ApiProperty() output: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) cache_read: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) cache_write: number | null;
}

export class RouteExplanationDto {
  @ApiProperty() model: string;
  @ApiPropertyOptional({ enum: ['ordered', 'weighted', 'least_busy', 'lowest_latency'], description: 'how the targets are chosen per request' }) strategy?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the model an alias stands for' }) alias_of?: string | null;
  @ApiProperty({ type: [RouteCandidateDto] }) candidates: RouteCandidateDto[];
  @ApiProperty({ type: RoutePriceDto, nullable: true }) price: RoutePriceDto | null;
}
