import { ROLES, WILAYAH, type Role } from '@mcp/auth';
import { ApiProperty } from '@nestjs/swagger';
import type { Preference, Recipient } from './recipient.repository';

/** A person as filed for notifications (the answer of the recipients routes). */
export class RecipientView implements Recipient {
  @ApiProperty({ example: 'operator-bandung' }) userId: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String, example: '32.73' }) pemdaCode: string | null;
  // null listed in the enum too: OpenAPI 3.0.3 says `nullable` does not add it to an enum.
  @ApiProperty({ nullable: true, type: String, enum: [...WILAYAH, null] }) wilayah: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ enum: ['id', 'en'] }) locale: 'id' | 'en';
  @ApiProperty() active: boolean;
}

/** One kind on one channel switched on or off (kinds and channels not listed are on). */
export class PreferenceView implements Preference {
  @ApiProperty({ example: 'decision.approved' }) kind: string;
  @ApiProperty({ enum: ['in_app', 'email'] }) channel: string;
  @ApiProperty() enabled: boolean;
}
