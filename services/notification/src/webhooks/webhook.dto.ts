import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsOptional, IsString, IsUrl, Matches } from 'class-validator';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://dasbor.jabarprov.go.id/mcp/webhook' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url: string;

  @ApiProperty({ example: ['mcp.evidence.verified.v1'] })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  eventTypes: string[];

  @ApiPropertyOptional({ example: '32.73' }) @IsOptional() @Matches(/^\d{2}\.\d{2}$/) pemdaCode?: string;
  @ApiPropertyOptional({ example: '32' }) @IsOptional() @Matches(/^\d{2}$/) provinceCode?: string;
}
