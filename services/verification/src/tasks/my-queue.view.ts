import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TaskSummary {
  @ApiProperty() id: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty() deadline: string;
  @ApiProperty() weightInTotal: string;
  @ApiProperty() waitingSince: string;
  @ApiPropertyOptional({ nullable: true, type: String }) leaseExpiresAt: string | null;
  @ApiProperty() evidenceChangedSinceClaim: boolean;
}

export class MyQueueView {
  @ApiProperty({ description: 'Your wilayah as the queue applies it (an admin override wins over the token)' }) wilayah: string;
  @ApiProperty({ type: [TaskSummary], description: 'Tasks you hold with a live lease' }) claimed: TaskSummary[];
  @ApiProperty({ description: 'Open tasks waiting in your wilayah (expired claims included)' }) openInWilayah: number;
  @ApiProperty({ type: [TaskSummary], description: 'The next open tasks (expired claims included), in claim-next order' }) next: TaskSummary[];
}
