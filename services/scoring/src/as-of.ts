import { isIsoInstantWithOffset } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `asOf` as officials say it: a bare date ("as of 31 October") means the end of that day in the
 * framework's time zone (WIB for Asia/Jakarta), so everything decided that day counts; an instant
 * must name its offset. Undefined means now.
 */
export function asOfInstant(asOf: string | undefined, timeZone: string): Date | null {
  if (asOf === undefined) return null;
  if (DATE_ONLY.test(asOf) && isIsoInstantWithOffset(`${asOf}T00:00:00Z`)) {
    return new Date(`${asOf}T23:59:59.999${offsetOf(timeZone, new Date(`${asOf}T12:00:00Z`))}`);
  }
  if (isIsoInstantWithOffset(asOf)) return new Date(asOf);
  throw new DomainError(
    'invalid-input',
    'INVALID_AS_OF',
    `asOf "${asOf}" harus tanggal (2024-10-31) atau waktu ISO-8601 dengan zona (2024-10-31T17:00:00+07:00) ` +
      `(asOf must be a date or an ISO-8601 instant with an offset)`,
  );
}

/** "+07:00" for Asia/Jakarta; Intl says "GMT" for UTC itself. */
function offsetOf(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? 'Z' : offset;
}
