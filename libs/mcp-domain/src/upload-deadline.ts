/**
 * The upload deadline in force for one Pemda: its extension if that is later than the year's
 * deadline, else the year's (the framework's, or the configured one). An extension only ever moves
 * the deadline later; one granted before the year's deadline was moved past it no longer counts.
 * Submissions refuses uploads by it and notification's reminders count down to it.
 */
export function deadlineInForce(general: Date, extensionUntil: Date | null | undefined): Date {
  return extensionUntil && extensionUntil > general ? extensionUntil : general;
}
