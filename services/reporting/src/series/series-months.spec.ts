import { refusalOf } from '@mcp/testing';
import { monthInWib, seriesMonths } from './series-months';

const iso = (ends: Date[]) => ends.map((end) => end.toISOString());


describe('monthInWib', () => {
  it('turns to the next month at 17:00 UTC of the last day', () => {
    expect(monthInWib(new Date('2025-05-31T16:59:59.999Z'))).toBe('2025-05');
    expect(monthInWib(new Date('2025-05-31T17:00:00.000Z'))).toBe('2025-06');
    expect(monthInWib(new Date('2025-12-31T17:00:00.000Z'))).toBe('2026-01');
  });
});

describe('seriesMonths', () => {
  // 20 May 2025, 10:00 WIB.
  const inMay = new Date('2025-05-20T03:00:00.000Z');

  it('runs a past year to December, every point at its month end (WIB)', () => {
    const { months, ends } = seriesMonths({ year: 2024 }, inMay);
    expect(months).toHaveLength(12);
    expect(months[11]).toBe('2024-12');
    expect(ends[9].toISOString()).toBe('2024-10-31T17:00:00.000Z');
    expect(ends[11].toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });

  it('stops the current year at the month under way, read as of now: no December figure in May', () => {
    const { months, ends } = seriesMonths({ year: 2025 }, inMay);
    expect(months).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(iso(ends).slice(3)).toEqual(['2025-04-30T17:00:00.000Z', inMay.toISOString()]);
  });

  it('counts the month under way in WIB: at 17:00 UTC on 31 May, June has begun', () => {
    const juneInWib = new Date('2025-05-31T17:30:00.000Z');
    const { months, ends } = seriesMonths({ year: 2025 }, juneInWib);
    expect(months.at(-1)).toBe('2025-06');
    expect(ends.at(-2)?.toISOString()).toBe('2025-05-31T17:00:00.000Z');
    expect(ends.at(-1)).toEqual(juneInWib);
  });

  it('keeps an until that has passed, and clamps a future one to the month under way', () => {
    const intoJanuary = seriesMonths({ year: 2024, until: '2025-01' }, inMay);
    expect(intoJanuary.months).toHaveLength(13);
    expect(intoJanuary.ends[12].toISOString()).toBe('2025-01-31T17:00:00.000Z');
    expect(seriesMonths({ year: 2024, until: '2024-03' }, inMay).months).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(seriesMonths({ year: 2025, until: '2025-11' }, inMay)).toEqual(seriesMonths({ year: 2025 }, inMay));
    expect(seriesMonths({ year: 2024, until: '2025-12' }, inMay).months.at(-1)).toBe('2025-05');
  });

  it('reads an asOf day at its end, and a day still to come at now', () => {
    const past = seriesMonths({ year: 2024, asOf: '2024-10-15' }, inMay);
    expect(past.months).toHaveLength(10);
    expect(past.ends.at(-1)?.toISOString()).toBe('2024-10-15T17:00:00.000Z');
    const today = seriesMonths({ year: 2025, asOf: '2025-05-20' }, inMay);
    expect(today.ends.at(-1)).toEqual(inMay);
    const later = seriesMonths({ year: 2025, asOf: '2025-09-30' }, inMay);
    expect(later.months.at(-1)).toBe('2025-05');
    expect(later.ends.at(-1)).toEqual(inMay);
  });

  it('never reads a point after now, and gives no point for a year not begun', () => {
    for (const query of [{ year: 2025 }, { year: 2024, until: '2025-12' }, { year: 2025, asOf: '2025-12-31' }]) {
      expect(seriesMonths(query, inMay).ends.every((end) => end.getTime() <= inMay.getTime())).toBe(true);
    }
    expect(seriesMonths({ year: 2026 }, inMay)).toEqual({ months: [], ends: [] });
  });

  it('refuses a month outside the year and the next, naming the parameter sent', () => {
    const until = refusalOf(() => seriesMonths({ year: 2024, until: '2026-01' }, inMay));
    expect(until).toMatchObject({ kind: 'invalid-input', code: 'INVALID_MONTH' });
    expect(until?.message).toMatch(/^until harus antara 2024-01 dan 2025-12, bukan 2026-01/);
    const asOf = refusalOf(() => seriesMonths({ year: 2025, asOf: '2024-12-31' }, inMay));
    expect(asOf).toMatchObject({ code: 'INVALID_MONTH' });
    expect(asOf?.message).toMatch(/^asOf harus antara 2025-01-01 dan 2026-12-31, bukan 2024-12-31 \(asOf must/);
    expect(refusalOf(() => seriesMonths({ year: 2025, until: '2025-10', asOf: '2025-10-15' }, inMay))?.message).toContain('tidak keduanya');
  });
});
