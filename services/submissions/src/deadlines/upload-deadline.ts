import type { LocalTimeZone } from './local-time-zone';

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
  const effective = extension && extension.until > general.at ? extension.until : general.at;
  return { year, general: general.at, source: general.source, extension, effective, localTimeZone };
}

/** The deadline is inclusive: an upload that starts at the deadline's second is still on time. */
export function isOpenAt(deadline: UploadDeadline, at: Date): boolean {
  return at.getTime() <= deadline.effective.getTime();
}

const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];

/** "30 November 2024 pukul 23.59 WIB": how Indonesian offices write a time, in the Pemda's zone. */
export function formatLocalTime(at: Date, zone: LocalTimeZone): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone.iana,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year} pukul ${parts.hour}.${parts.minute} ${zone.abbreviation}`;
}

export function deadlinePassedMessage(deadline: UploadDeadline, pemdaCode: string): string {
  const when = formatLocalTime(deadline.effective, deadline.localTimeZone);
  const kind = deadline.extension ? 'perpanjangan batas waktu unggah' : 'batas waktu unggah';
  return (
    `Unggahan ditolak: ${kind} MCP ${deadline.year} untuk Pemda ${pemdaCode} telah lewat pada ${when}. ` +
    `Hubungi admin MCP untuk perpanjangan (upload deadline passed: ${deadline.effective.toISOString()})`
  );
}
