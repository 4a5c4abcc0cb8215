import { ROLES, WILAYAH, type Role } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class SaveRecipientDto {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ example: '32.73' }) @IsOptional() @Matches(/^\d{2}(\.\d{2})?$/) pemdaCode?: string;
  @ApiPropertyOptional({ enum: WILAYAH }) @IsOptional() @IsIn(WILAYAH) wilayah?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional({ enum: ['id', 'en'] }) @IsOptional() @IsIn(['id', 'en']) locale?: 'id' | 'en';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class SetPreferenceDto {
  @ApiProperty({ example: 'decision.approved' }) @IsString() kind: string;
  @ApiProperty({ enum: ['in_app', 'email'] }) @IsIn(['in_app', 'email']) channel: 'in_app' | 'email';
  @ApiProperty() @IsBoolean() enabled: boolean;
}
