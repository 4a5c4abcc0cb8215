import { describe, expect, it } from '@jest/globals';
import { bandOf, formatBytes, formatDateTime, formatNumber, formatScore, offsetOf, remaining, zoneOfPemda, type BandThreshold } from './format';

describe('zones of Indonesia by Pemda code', () => {
  it('puts Makassar in WITA, Jayapura in WIT, Jakarta and a missing code in WIB', () => {
    expect(zoneOfPemda('7371').abbreviation).toBe('WITA');
    expect(zoneOfPemda('9171').abbreviation).toBe('WIT');
    expect(zoneOfPemda('3171').abbreviation).toBe('WIB');
    expect(zoneOfPemda(undefined).abbreviation).toBe('WIB');
  });

  it('gives each zone its UTC offset for building instants from a local date', () => {
    expect(offsetOf(zoneOfPemda('3171'))).toBe('+07:00');
    expect(offsetOf(zoneOfPemda('5171'))).toBe('+08:00');
    expect(offsetOf(zoneOfPemda('9471'))).toBe('+09:00');
  });

  it('writes a deadline in the Pemda’s own zone, named', () => {
    // 23:59:59 WITA on 31 October is 15:59:59 UTC; a Makassar operator must see 23.59, not 22.59 WIB.
    expect(formatDateTime('2024-10-31T15:59:59Z', 'id-ID', zoneOfPemda('7371'))).toMatch(/^31 Oktober 2024.*23\.59 WITA$/);
    expect(formatDateTime('2024-10-31T15:59:59Z', 'id-ID')).toMatch(/22\.59 WIB$/);
    expect(formatDateTime(null, 'id-ID')).toBe('–');
    expect(formatDateTime('not a date', 'id-ID')).toBe('not a date');
  });
});

describe('numbers as Indonesians write them', () => {
  it('uses a decimal comma and thousands dots in id-ID, and the opposite in en-GB', () => {
    expect(formatScore(1.3333, 'id-ID')).toBe('1,33');
    expect(formatScore('80', 'en-GB')).toBe('80.00');
    expect(formatNumber(1234.5, 'id-ID')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en-GB')).toBe('1,234.5');
    expect(formatNumber(null, 'id-ID')).toBe('–');
  });

  it('sizes files in the largest unit below 1,024', () => {
    expect(formatBytes(512, 'en-GB')).toBe('512 B');
    expect(formatBytes(1536, 'en-GB')).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024, 'id-ID')).toBe('50 MB');
  });
});

describe('colour bands', () => {
  it('bands the score as shown, rounded to two decimals: 74.995 shows as 75,00 and is green', () => {
    expect(bandOf(74.995)).toBe('green');
    expect(bandOf(74.994)).toBe('blue');
    expect(bandOf(0)).toBe('red');
    expect(bandOf(25)).toBe('yellow');
  });

  it('follows a year’s own thresholds (2025 starts green at 78)', () => {
    const bands2025: BandThreshold[] = [
      { band: 'red', from: 0 },
      { band: 'yellow', from: 50 },
      { band: 'blue', from: 65 },
      { band: 'green', from: 78 },
    ];
    expect(bandOf(77.99, bands2025)).toBe('blue');
    expect(bandOf(78, bands2025)).toBe('green');
  });
});

describe('time remaining', () => {
  const now = Date.parse('2024-10-30T00:00:00Z');

  it('splits what is left into days, hours, minutes and seconds', () => {
    expect(remaining('2024-10-31T01:02:03Z', now)).toEqual({ days: 1, hours: 1, minutes: 2, seconds: 3, past: false });
  });

  it('says past once the moment has gone, with how long ago', () => {
    expect(remaining('2024-10-29T23:59:00Z', now)).toEqual({ days: 0, hours: 0, minutes: 1, seconds: 0, past: true });
    expect(remaining(null, now)).toBeNull();
  });
});
