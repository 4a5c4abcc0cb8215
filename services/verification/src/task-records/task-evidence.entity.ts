import { Column, Entity, PrimaryColumn } from 'typeorm';
import { rubricValueColumn } from './rubric-value';

/** The verification service's own copy of an uploaded file's facts, taken from the event. */
@Entity({ name: 'task_evidence' })
export class TaskEvidence {
  @PrimaryColumn({ name: 'evidence_id', type: 'uuid' }) evidenceId: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ name: 'file_name' }) fileName: string;
  @Column({ name: 'size_bytes', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) sizeBytes: number;
  @Column(rubricValueColumn('claimed_value')) claimedValue: number | null;
  @Column({ name: 'submitted_by' }) submittedBy: string;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  /** Set when the Pemda withdrew it while a verifier held the task: it stays, marked (see EvidenceWithdrawals). */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
}
