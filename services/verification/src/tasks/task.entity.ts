import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableNumeric } from './numeric-column';

/**
 * open → claimed → decided, with revision_requested waiting for the Pemda's new upload (which puts
 * the task back to open). An expired claim counts as open again.
 */
export type TaskStatus = 'open' | 'claimed' | 'revision_requested' | 'decided';

@Entity({ name: 'task' })
export class Task {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'pemda_code' }) pemdaCode: string;
  @Column({ name: 'province_code' }) provinceCode: string;
  @Column() wilayah: string;
  @Column() year: number;
  @Column({ name: 'sub_indicator_code' }) subIndicatorCode: string;
  @Column({ type: 'text' }) status: TaskStatus;
  @Column({ name: 'claimed_value', type: 'numeric', nullable: true, transformer: nullableNumeric }) claimedValue: number | null;
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ name: 'evidence_changed_at', type: 'timestamptz' }) evidenceChangedAt: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
