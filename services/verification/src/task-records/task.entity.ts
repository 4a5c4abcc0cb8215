import { Column, Entity, PrimaryColumn } from 'typeorm';
import { rubricValueColumn } from './rubric-value';

/**
 * open → claimed → decided, with revision_requested waiting for the Pemda's new upload (which puts
 * the task back to open). An expired claim is put back to open by the next claim in its wilayah.
 * cancelled: all its evidence was withdrawn, or a published revision dropped its sub-indicator;
 * year_closed: its year closed before a decision.
 */
export const TASK_STATUSES = ['open', 'claimed', 'revision_requested', 'decided', 'cancelled', 'year_closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A status as a refusal names it to a person (the code stays in the answer's `error`). */
export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  open: 'di antrean',
  claimed: 'sedang dipegang verifikator',
  revision_requested: 'menunggu revisi Pemda',
  decided: 'sudah diputuskan',
  cancelled: 'dibatalkan',
  year_closed: 'ditutup bersama tahunnya',
};
export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = ['open', 'claimed', 'revision_requested'];

@Entity({ name: 'task' })
export class Task {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'pemda_code' }) pemdaCode: string;
  @Column({ name: 'province_code' }) provinceCode: string;
  @Column() wilayah: string;
  @Column() year: number;
  @Column({ name: 'sub_indicator_code' }) subIndicatorCode: string;
  @Column({ type: 'text' }) status: TaskStatus;
  @Column(rubricValueColumn('claimed_value')) claimedValue: number | null;
  @Column({ name: 'claimed_by', type: 'text', nullable: true }) claimedBy: string | null;
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true }) claimedAt: Date | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt: Date | null;
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  /** Set on a task cancelled because a published revision dropped its sub-indicator (#166). */
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: 'sub_indicator_removed' | null;
  /** The verification deadline: the framework's upload deadline for the task's year. */
  @Column({ type: 'timestamptz' }) deadline: Date;
  /** subIndicatorWeightInTotal, exact: the most this item can add to the Pemda's total. */
  @Column({ name: 'weight_in_total', type: 'numeric' }) weightInTotal: string;
  /** When the evidence now under review was uploaded (first upload, or the one after a revision). */
  @Column({ name: 'waiting_since', type: 'timestamptz' }) waitingSince: Date;
  @Column({ name: 'revision_rounds' }) revisionRounds: number;
  @Column({ name: 'evidence_changed_at', type: 'timestamptz' }) evidenceChangedAt: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
