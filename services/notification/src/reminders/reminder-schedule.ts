const DAY_MS = 24 * 60 * 60_000;

/**
 * The reminders due at `now` for a deadline: every offset (days before) whose moment has come
 * while the deadline has not passed. A reminder missed while the service was down is therefore
 * still due later (never skipped); the caller's record of what was sent keeps it from repeating.
 */
export function remindersDue(deadline: Date, daysBefore: readonly number[], now: Date): number[] {
  if (now.getTime() >= deadline.getTime()) return [];
  return daysBefore.filter((days) => now.getTime() >= deadline.getTime() - days * DAY_MS).sort((a, b) => b - a);
}

/**
 * Whole days left until the deadline, counted up (16 days and 2 hours is 17 days, as "H-17"), and
 * at least 1 while it has not passed. This, not the reminder's offset, is what a reminder says:
 * one sent late (after an outage, or a deadline that moved) would otherwise claim 30 days when
 * 16 are left. Days of 24 hours from the deadline's instant: Indonesia keeps no daylight saving,
 * so they are the Pemda's own days, and a reminder sent at its moment states its own offset.
 */
export function daysLeft(deadline: Date, now: Date): number {
  return Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS));
}
