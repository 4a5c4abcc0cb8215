import { daysLeft, remindersDue } from './reminder-schedule';

const deadline = new Date('2025-11-30T00:00:00+07:00');
const at = (iso: string) => new Date(iso);

describe('remindersDue', () => {
  it('is empty before H-30 and after the deadline', () => {
    expect(remindersDue(deadline, [30, 7, 1], at('2025-10-30T16:59:59Z'))).toEqual([]);
    expect(remindersDue(deadline, [30, 7, 1], at('2025-11-29T17:00:00Z'))).toEqual([]);
  });

  it('adds each offset from its moment on, so a missed one is still due', () => {
    expect(remindersDue(deadline, [30, 7, 1], at('2025-10-30T17:00:00Z'))).toEqual([30]);
    expect(remindersDue(deadline, [30, 7, 1], at('2025-11-23T17:00:00Z'))).toEqual([30, 7]);
    expect(remindersDue(deadline, [1, 7, 30], at('2025-11-29T16:59:59Z'))).toEqual([30, 7, 1]);
  });
});

describe('daysLeft', () => {
  it('is the offset at the offset’s moment, and counts a part of a day as a day', () => {
    expect(daysLeft(deadline, at('2025-10-30T17:00:00Z'))).toBe(30);
    expect(daysLeft(deadline, at('2025-10-30T17:01:00Z'))).toBe(30);
    expect(daysLeft(deadline, at('2025-11-13T15:00:00Z'))).toBe(17);
  });

  it('is never below 1 before the deadline', () => {
    expect(daysLeft(deadline, at('2025-11-29T16:59:59Z'))).toBe(1);
    expect(daysLeft(deadline, at('2025-11-29T17:00:00Z'))).toBe(1);
  });
});
