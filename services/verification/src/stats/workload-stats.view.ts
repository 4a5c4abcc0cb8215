import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WaitingTaskView {
  @ApiProperty() taskId: string;
  @ApiProperty() pemdaCode: string;
  @ApiProperty() year: number;
  @ApiProperty() subIndicatorCode: string;
  @ApiProperty({ description: 'When its evidence was uploaded' }) waitingSince: string;
  @ApiProperty({ description: 'Seconds its clock stood still for clarification questions (not part of its age)' }) pausedSeconds: number;
}

class DecisionTimes {
  @ApiProperty({ description: 'First decisions taken on the day (corrections and QA overturns are not counted)' }) decidedToday: number;
  @ApiPropertyOptional({ nullable: true, description: 'Median seconds from upload to decision over those decisions, paused clarification time excluded (linear interpolation)', type: Number })
  medianSecondsToDecision: number | null;
  @ApiPropertyOptional({ nullable: true, description: '90th percentile, same basis', type: Number }) p90SecondsToDecision: number | null;
}

export class WilayahStats extends DecisionTimes {
  @ApiProperty() wilayah: string;
  @ApiProperty({ example: '2024-12-02', description: 'The calendar day (STATS_TIME_ZONE, Asia/Jakarta by default)' }) date: string;
  @ApiProperty({ description: 'Open now, expired claims included' }) open: number;
  @ApiProperty({ description: 'Held now with a live lease' }) claimed: number;
  @ApiProperty({ description: "Open or held now, its clock paused by a clarification question waiting for the Pemda's answer" }) pausedNow: number;
  @ApiPropertyOptional({ type: WaitingTaskView, nullable: true, description: 'The open or claimed task waiting longest, paused time excluded' })
  oldestWaiting: WaitingTaskView | null;
}

export class VerifierStats extends DecisionTimes {
  @ApiProperty() verifier: string;
  @ApiProperty() wilayah: string;
  @ApiProperty() date: string;
  @ApiProperty({ description: 'Tasks the verifier holds now with a live lease' }) claimed: number;
  @ApiProperty({ description: "Of those, paused by the verifier's clarification question" }) pausedNow: number;
  @ApiPropertyOptional({ type: WaitingTaskView, nullable: true, description: 'The task the verifier holds that has waited longest' })
  oldestWaiting: WaitingTaskView | null;
}
