import type { VerificationOutcome } from '@mcp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableNumeric } from './numeric-column';

/** Every decision is kept: it is what makes a verifier's work traceable and reviewable. */
@Entity({ name: 'decision' })
export class Decision {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column() sequence: number;
  @Column({ name: 'pemda_code' }) pemdaCode: string;
  @Column() year: number;
  @Column({ name: 'sub_indicator_code' }) subIndicatorCode: string;
  @Column({ type: 'text' }) outcome: VerificationOutcome;
  @Column({ name: 'verified_value', type: 'numeric', nullable: true, transformer: nullableNumeric }) verifiedValue: number | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'decided_by' }) decidedBy: string;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt: Date;
}
