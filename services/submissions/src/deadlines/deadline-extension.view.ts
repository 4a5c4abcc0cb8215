import { KPK_ADMIN_PSEUDONYM, kpkStaffAsSeenBy, type AuthPrincipal } from '@mcp/auth';
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
  @ApiProperty({ description: "The granting admin's subject to KPK roles; 'Admin KPK' to the Pemda (docs/decisions.md #46)", example: 'Admin KPK' })
  grantedBy: string;
  @ApiProperty() grantedAt: string;
}

export function toDeadlineExtensionView(extension: DeadlineExtension, pemda: PemdaRecord, viewer: AuthPrincipal): DeadlineExtensionView {
  return {
    id: extension.id,
    pemdaCode: extension.pemdaCode,
    year: extension.year,
    until: extension.until.toISOString(),
    untilLocal: formatLocalTime(extension.until, localTimeZoneOf(pemda.provinceCode)),
    reason: extension.reason,
    grantedBy: kpkStaffAsSeenBy(viewer, extension.grantedBy, KPK_ADMIN_PSEUDONYM),
    grantedAt: extension.grantedAt.toISOString(),
  };
}
