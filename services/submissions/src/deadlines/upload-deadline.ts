import { deadlineInForce, formatLocalTime, type LocalTimeZone } from '@mcp/mcp-domain';

export interface DeadlineExtensionGrant {
  until: Date;
  grantedBy: string;
  grantedAt: Date;
  reason: string;
}

/** The deadline in force for one Pemda and year, and where it came from. */
export interface UploadDeadline {
  year: number;
  /** The framework's (or the configured override's) deadline for every Pemda. */
  general: Date;
  source: 'framework' | 'config';
  extension: DeadlineExtensionGrant | null;
  effective: Date;
  localTimeZone: LocalTimeZone;
}

export function effectiveDeadline(
  year: number,
  general: { at: Date; source: UploadDeadline['source'] },
  extension: DeadlineExtensionGrant | null,
  localTimeZone: LocalTimeZone,
): UploadDeadline {
  // An extension only ever moves the deadline later; granting is refused otherwise.
  const effective = deadlineInForce(general.at, extension?.until);
  return { year, general: general.at, source: general.source, extension, effective, localTimeZone };
}

/**
 * The deadline is inclusive to the second: an upload that starts at any moment of the deadline's
 * second (23:59:59.400 for a deadline of 23:59:59) is still on time, as the refusal, which names
 * only the minute, leads a person to expect.
 */
export function isOpenAt(deadline: UploadDeadline, at: Date): boolean {
  return Math.floor(at.getTime() / 1000) * 1000 <= deadline.effective.getTime();
}

export function deadlinePassedMessage(deadline: UploadDeadline, pemdaCode: string): string {
  const when = formatLocalTime(deadline.effective, deadline.localTimeZone);
  const kind = deadline.extension ? 'perpanjangan batas waktu unggah' : 'batas waktu unggah';
  return (
    `Unggahan ditolak: ${kind} MCP ${deadline.year} untuk Pemda ${pemdaCode} telah lewat pada ${when}. ` +
    `Hubungi admin MCP untuk perpanjangan (upload deadline passed: ${deadline.effective.toISOString()})`
  );
}

/** The last byte of an upload begun on time arrived within `lateFinishMs` of the deadline. */
export function isFinishedInTime(deadline: UploadDeadline, completedAt: Date, lateFinishMs: number): boolean {
  return completedAt.getTime() <= deadline.effective.getTime() + lateFinishMs;
}

export function finishedTooLateMessage(deadline: UploadDeadline, pemdaCode: string, lateFinishMs: number): string {
  const when = formatLocalTime(deadline.effective, deadline.localTimeZone);
  const minutes = Math.round(lateFinishMs / 60_000);
  return (
    `Unggahan ditolak: unggahan ini dimulai sebelum batas waktu MCP ${deadline.year} untuk Pemda ${pemdaCode} (${when}), ` +
    `tetapi bagian terakhirnya tiba lebih dari ${minutes} menit setelahnya. Hubungi admin MCP untuk perpanjangan ` +
    `(a resumable upload must finish within ${minutes} minutes of the deadline)`
  );
}
