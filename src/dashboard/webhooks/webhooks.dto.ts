import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALERT_EVENT_TYPES } from '../../config/index.js';

const URL_RULE = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const URL_MESSAGE = 'url must be an http:// or https:// URL';
/** printable ASCII without spaces; a masked value ("••••") or a short one is refused */
const SECRET_RULE = /^[\x21-\x7e]{16,256}$/;
const SECRET_MESSAGE = 'secret must be 16-256 printable ASCII characters without spaces';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example/gg', description: 'http or https; private and loopback addresses are allowed' })
  @IsString() @MaxLength(2000) @Matches(URL_RULE, { message: URL_MESSAGE })
  url: string;

  @ApiPropertyOptional({ type: String, description: 'Signs each delivery (x-gophergate-signature: sha256=<hex HMAC>); write-only, never returned', minLength: 16 })
  @IsOptional() @IsString() @Matches(SECRET_RULE, { message: SECRET_MESSAGE })
  secret?: string | null;

  @ApiProperty({ enum: ALERT_EVENT_TYPES, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsIn(ALERT_EVENT_TYPES as unknown as string[], { each: true })
  events: string[];
}

export class UpdateWebhookDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) @Matches(URL_RULE, { message: URL_MESSAGE })
  url?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it' })
  @IsOptional() @IsString() @Matches(SECRET_RULE, { message: SECRET_MESSAGE })
  secret?: string | null;

  @ApiPropertyOptional({ enum: ALERT_EVENT_TYPES, isArray: true })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsIn(ALERT_EVENT_TYPES as unknown as string[], { each: true })
  events?: string[];
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** A webhook id: a UUID (admin API) or config-<n> (config file). */
export const WEBHOOK_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|config-\d{1,3})$/i;
