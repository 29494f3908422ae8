import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export class LogsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  client_id?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  model?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(64)
  provider?: string;

  @ApiPropertyOptional({ enum: ['chat', 'embeddings', 'messages', 'responses'] }) @IsOptional() @IsIn(['chat', 'embeddings', 'messages', 'responses'])
  surface?: string;

  @ApiPropertyOptional({ description: 'Only requests that carried this x-gophergate-tags tag' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'tag must be 1-64 characters of A-Z a-z 0-9 . _ : -' })
  tag?: string;

  @ApiPropertyOptional({ description: 'An HTTP status (200), a class (4xx), "error" (≥ 400) or "success" (< 400)', example: '5xx' })
  @IsOptional() @IsString() @Matches(/^(?:[1-5]\d\d|[1-5]xx|error|success)$/i, { message: 'status must be a code like 200, a class like 4xx, "error" or "success"' })
  status?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'next_cursor of the previous page' }) @IsOptional() @IsString() @MaxLength(400)
  cursor?: string;
}
