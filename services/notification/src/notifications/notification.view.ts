import { ApiProperty } from '@nestjs/swagger';

/** One decision notice of a Pemda's feed, as stored (the inbox, `/v1/inbox`, is the per-person one). */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '32.73' }) pemdaCode: string;
  @ApiProperty({ type: 'integer', example: 2024 }) year: number;
  @ApiProperty({ example: 'PRC.1.1' }) subIndicatorCode: string;
  @ApiProperty({ enum: ['approved', 'rejected', 'revision_requested'] }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'uuid', description: 'The decision event it came from (one notice per decision)' }) sourceEventId: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null: read marks are kept per person in the inbox (`/v1/inbox`)' }) readAt: Date | null;
}
