import { calendarDayOf, isCalendarDay } from './calendar-day';

describe('calendarDayOf', () => {
  it('counts a WIB evening as that day and 17:00 UTC as the next day in Jakarta', () => {
    expect(calendarDayOf(new Date('2024-12-02T16:59:59Z'), 'Asia/Jakarta')).toBe('2024-12-02');
    expect(calendarDayOf(new Date('2024-12-02T17:00:00Z'), 'Asia/Jakarta')).toBe('2024-12-03');
  });

  it('follows the zone it is given (WIT is UTC+9)', () => {
    expect(calendarDayOf(new Date('2024-12-02T15:00:00Z'), 'Asia/Jayapura')).toBe('2024-12-03');
  });
});

describe('isCalendarDay', () => {
  it.each([
    ['2024-12-02', true],
    ['2024-02-30', false],
    ['2024-12-2', false],
    ['kemarin', false],
  ])('%s → %s', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });
});
