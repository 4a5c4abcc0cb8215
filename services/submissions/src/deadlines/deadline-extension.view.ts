import type { PemdaRecord } from '@mcp/reference-data';
import { ApiProperty } from '@nestjs/swagger';
import type { DeadlineExtension } from './deadline-extension.entity';
import { formatLocalTime, localTimeZoneOf } from '@mcp/mcp-domain';

export class DeadlineExtensionView {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() until: string;
  @ApiProperty({ example: '31 Desember 2026 pukul 23.59 WIB' }) untilLocal: string;
  @ApiProperty() reason: string;
  @ApiProperty() grantedBy: string;
  @ApiProperty() grantedAt: string;
}

export function toDeadlineExtensionView(extension: DeadlineExtension, pemda: PemdaRecord): DeadlineExtensionView {
  return {
    id: extension.id,
    pemdaCode: extension.pemdaCode,
    year: extension.year,
    until: extension.until.toISOString(),
    untilLocal: formatLocalTime(extension.until, localTimeZoneOf(pemda.provinceCode)),
    reason: extension.reason,
    grantedBy: extension.grantedBy,
    grantedAt: extension.grantedAt.toISOString(),
  };
}
