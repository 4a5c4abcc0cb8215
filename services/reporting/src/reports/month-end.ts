/** KPK reports progress "as of" the end of a month (or a day) in Jakarta time. */
export const REPORTING_OFFSET = '+07:00';
export const REPORTING_TIME_ZONE = 'Asia/Jakarta';

/** The first instant after a month (YYYY-MM) in WIB. */
export function monthEnd(month: string): Date {
  const [year, monthNumber] = month.split('-').map(Number);
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  return new Date(`${next}-01T00:00:00${REPORTING_OFFSET}`);
}

/** The first instant after a calendar day (YYYY-MM-DD) in WIB: what "as of that date" includes. */
export function dayEnd(day: string): Date {
  return new Date(new Date(`${day}T00:00:00${REPORTING_OFFSET}`).getTime() + 24 * 3600 * 1000);
}

/** The months (YYYY-MM) from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) return months;
    months.push(current);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}
