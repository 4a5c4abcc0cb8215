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
