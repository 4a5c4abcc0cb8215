import { ApiProperty } from '@nestjs/swagger';
import type { Delivery, InboxCursor } from './delivery.repository';
import type { InAppPayload } from './notifier';

export class InboxItemView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'decision.rejected' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) pemdaCode: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;

  static of(delivery: Delivery): InboxItemView {
    const payload = delivery.payload as InAppPayload;
    return {
      id: delivery.id,
      kind: delivery.kind,
      pemdaCode: delivery.pemdaCode,
      title: payload.title,
      body: payload.body,
      createdAt: new Date(delivery.createdAt).toISOString(),
      readAt: delivery.readAt ? new Date(delivery.readAt).toISOString() : null,
    };
  }
}

export class InboxPageView {
  @ApiProperty({ type: [InboxItemView] }) items: InboxItemView[];
  @ApiProperty() unreadCount: number;
  @ApiProperty({ nullable: true, description: 'Pass as `before` for the next (older) page', type: String }) nextCursor: string | null;
}

export class UnreadCountView {
  @ApiProperty({ example: 3 }) unreadCount: number;
}

export class MarkedAllReadView {
  @ApiProperty({ description: 'How many were unread and are now read' }) marked: number;
  @ApiProperty({ example: 0 }) unreadCount: number;
}

export function encodeCursor(delivery: Delivery): string {
  return Buffer.from(JSON.stringify({ createdAt: new Date(delivery.createdAt).toISOString(), id: delivery.id })).toString('base64url');
}

export function decodeCursor(cursor: string): InboxCursor | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as InboxCursor;
    // Both reach Postgres as timestamptz and uuid: anything else would fail there as a 500, not a 400.
    const wellFormed =
      typeof parsed.createdAt === 'string' &&
      /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(parsed.createdAt) &&
      !Number.isNaN(Date.parse(parsed.createdAt)) &&
      typeof parsed.id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parsed.id);
    return wellFormed ? parsed : undefined;
  } catch {
    return undefined;
  }
}
