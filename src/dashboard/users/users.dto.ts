import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../auth/index.js';

const USERNAME = /^[A-Za-z0-9._@-]+$/;

export class CreateUserDto {
  @ApiProperty({ example: 'alice' })
  @IsString() @MinLength(1) @MaxLength(64) @Matches(USERNAME, { message: 'username may contain letters, digits, ".", "_", "@" and "-" only' })
  username: string;

  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(1024) password: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES as unknown as string[]) role: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES as unknown as string[]) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ minLength: 8 }) @IsOptional() @IsString() @MinLength(8) @MaxLength(1024) password?: string;
}
