import { ROLES, type Role } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, NOTIFICATION_KINDS, type Audience, type NotificationKind, type NotificationRule, type PersonalChannel } from './rules';
import type { RenderedMessage } from './templates';

/** Whom a rule tells: `roles` for the pemda, wilayah and everyone scopes, `who` for a person. */
export class AudienceView {
  @ApiProperty({ enum: ['pemda', 'wilayah', 'everyone', 'person'] }) scope: Audience['scope'];
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'Scopes pemda, wilayah and everyone' }) roles?: Role[];
  @ApiPropertyOptional({ description: 'Scope person: the one the event names', example: 'the verifier given the task (toVerifier)' }) who?: string;
}

export class NotificationRuleView implements NotificationRule {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ example: 'mcp.evidence.verified.v1, outcome rejected' }) trigger: string;
  @ApiProperty({ type: AudienceView }) audience: Audience;
  @ApiProperty({ description: "Sent whatever the recipient's preferences say" }) mandatory: boolean;
  @ApiProperty({ enum: CHANNELS.filter((channel) => channel !== 'webhook'), isArray: true }) channels: PersonalChannel[];
}

export class RenderedMessageView implements RenderedMessage {
  @ApiProperty({ example: 'Dokumen ditolak: PRC.1.1 (Kabupaten Nabire, 94.01)' }) subject: string;
  @ApiProperty({ description: 'Without greeting or footer: what the in-app inbox shows' }) body: string;
  @ApiProperty({ description: 'The e-mail as plain text (a preview always shows the unsubscribe line, which a mandatory notice is sent without)' }) text: string;
  @ApiProperty({ description: 'The e-mail as HTML (with the unsubscribe line, as `text`)' }) html: string;
}
