import { ROLES, WILAYAH, type Role, type Wilayah } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DevSignInDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role harus salah satu dari: ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ example: '32.73' })
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2})?$/, { message: 'pemdaCode harus kode Kemendagri, mis. 32 atau 32.73' })
  pemdaCode?: string;

  @ApiPropertyOptional({ enum: WILAYAH })
  @IsOptional()
  @IsIn(WILAYAH, { message: `wilayah harus salah satu dari: ${WILAYAH.join(', ')}` })
  wilayah?: Wilayah;

  @ApiPropertyOptional({ example: 'Siti (operator)' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  name?: string;
}
