import { formatLocalTime, KPK_TIME_ZONE } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import type { Task } from '../task-records/task.entity';
import type { Decision } from './decision.entity';
import type { Verdict } from './verdict';

/**
 * Nobody decides on evidence they have not seen: the request names the evidenceChangedAt it saw;
 * without it, any change after the claim began counts as unseen.
 */
export function assertEvidenceSeen(task: Pick<Task, 'evidenceChangedAt' | 'claimedAt'>, seen: string | undefined): void {
  const changedAt = task.evidenceChangedAt.getTime();
  const stale = seen === undefined ? task.claimedAt !== null && changedAt > task.claimedAt.getTime() : new Date(seen).getTime() !== changedAt;
  if (stale) {
    throw new DomainError(
      'conflict',
      'EVIDENCE_CHANGED',
      `Bukti tugas ini berubah pada ${formatLocalTime(task.evidenceChangedAt, KPK_TIME_ZONE)}; buka kembali tugas dan periksa bukti terbaru sebelum memutuskan (the evidence changed since you looked)`,
      // The instant itself, for a client that compares it with the evidenceChangedAt it sent.
      { evidenceChangedAt: task.evidenceChangedAt.toISOString() },
    );
  }
}

/** Revision rounds the task has used, not counting the decision a correction replaces. */
export function revisionRoundsBefore(task: Pick<Task, 'id' | 'revisionRounds'>, replaced: Pick<Decision, 'taskId' | 'outcome'> | null): number {
  const replacedWasRevision = replaced?.taskId === task.id && replaced.outcome === 'revision_requested';
  return task.revisionRounds - (replacedWasRevision ? 1 : 0);
}

export function assertRevisionRoundLeft(roundsUsed: number, verdict: Pick<Verdict, 'outcome'>, maxRounds: number): void {
  if (verdict.outcome === 'revision_requested' && roundsUsed >= maxRounds) {
    throw new DomainError(
      'unprocessable',
      'REVISION_LIMIT_REACHED',
      `Tugas ini sudah ${roundsUsed} kali dikembalikan untuk revisi (batas ${maxRounds}); setujui atau tolak (revision limit reached)`,
    );
  }
}

/** A verifier corrects only their own decision, while it is in force and within the period. */
export function assertCorrectable(decision: Decision, latestSequence: number, subject: string, now: Date): void {
  if (decision.decidedBy !== subject || decision.kind === 'qa-overturn') {
    throw new DomainError('forbidden', 'NOT_YOUR_DECISION', 'Hanya verifikator yang memutuskan yang dapat mengoreksi keputusan ini (only its verifier may correct a decision)');
  }
  if (decision.sequence !== latestSequence) {
    throw new DomainError('conflict', 'DECISION_SUPERSEDED', 'Keputusan ini sudah digantikan keputusan yang lebih baru (decision already superseded)');
  }
  if (!decision.correctableUntil || decision.correctableUntil <= now) {
    throw new DomainError(
      'conflict',
      'CORRECTION_PERIOD_OVER',
      decision.correctableUntil
        ? `Masa koreksi keputusan ini berakhir ${formatLocalTime(decision.correctableUntil, KPK_TIME_ZONE)} (the correction period is over)`
        : 'Keputusan ini tidak dapat dikoreksi (the correction period is over)',
    );
  }
}
