import { formatLocalTime, localTimeZoneOf } from '@mcp/mcp-domain';
import { deadlinePassedMessage, effectiveDeadline, isOpenAt } from './upload-deadline';

const general = { at: new Date('2024-11-30T23:59:59+07:00'), source: 'framework' as const };
const wib = localTimeZoneOf('32');

describe('formatLocalTime', () => {
  it.each([
    ['32', '30 November 2024 pukul 23.59 WIB'],
    ['51', '1 Desember 2024 pukul 00.59 WITA'],
    ['91', '1 Desember 2024 pukul 01.59 WIT'],
  ])('shows the 2024 deadline in province %s as %s', (provinceCode, text) => {
    expect(formatLocalTime(general.at, localTimeZoneOf(provinceCode))).toBe(text);
  });

  it('writes single-digit days and midnight as Indonesian offices do', () => {
    expect(formatLocalTime(new Date('2025-01-05T00:00:00+07:00'), wib)).toBe('5 Januari 2025 pukul 00.00 WIB');
  });
});

describe('effectiveDeadline and isOpenAt', () => {
  it('is open up to and including the deadline second, closed after', () => {
    const deadline = effectiveDeadline(2024, general, null, wib);
    expect(isOpenAt(deadline, new Date('2024-11-30T23:59:59+07:00'))).toBe(true);
    // Anywhere in that second: the refusal names only the minute, and the comparison was in milliseconds.
    expect(isOpenAt(deadline, new Date('2024-11-30T23:59:59.999+07:00'))).toBe(true);
    expect(isOpenAt(deadline, new Date('2024-12-01T00:00:00+07:00'))).toBe(false);
  });

  it('moves the deadline to a later extension, never to an earlier one', () => {
    const grant = { grantedBy: 'admin-kpk', grantedAt: new Date('2024-12-01T08:00:00+07:00'), reason: 'Jaringan terputus' };
    const later = effectiveDeadline(2024, general, { ...grant, until: new Date('2024-12-07T23:59:59+07:00') }, wib);
    expect(later.effective.toISOString()).toBe('2024-12-07T16:59:59.000Z');
    const earlier = effectiveDeadline(2024, general, { ...grant, until: new Date('2024-11-01T00:00:00+07:00') }, wib);
    expect(earlier.effective).toEqual(general.at);
  });

  it('says which deadline passed, in the Pemda zone, with the instant in UTC', () => {
    const deadline = effectiveDeadline(2024, general, null, localTimeZoneOf('51'));
    expect(deadlinePassedMessage(deadline, '51.71')).toBe(
      'Unggahan ditolak: batas waktu unggah MCP 2024 untuk Pemda 51.71 telah lewat pada 1 Desember 2024 pukul 00.59 WITA. ' +
        'Hubungi admin MCP untuk perpanjangan (upload deadline passed: 2024-11-30T16:59:59.000Z)',
    );
  });
});
