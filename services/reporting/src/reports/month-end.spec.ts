import { dayEnd, monthEnd, monthsBetween } from './month-end';

describe('month and day ends in WIB', () => {
  it('ends October 2024 at 1 November 00:00 WIB and December at the next January', () => {
    expect(monthEnd('2024-10').toISOString()).toBe('2024-10-31T17:00:00.000Z');
    expect(monthEnd('2024-12').toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });

  it('ends a day at the next midnight WIB', () => {
    expect(dayEnd('2024-06-30').toISOString()).toBe('2024-06-30T17:00:00.000Z');
  });

  it('lists the months of a range across a year end', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2024-03', '2024-02')).toEqual([]);
  });
});
