/**
 * The time a row's new state carries: the change's own time, or one millisecond past what the row
 * already holds when that is the same time or later (another batch moved it first). Readers order
 * a row's states by time alone (reporting's monthly series and month-end open data, "as of"
 * queries); two states of one Pemda or region at the same instant left them to guess which was
 * the newer one (docs/decisions.md #196).
 */
export function changeTimeAfter(previous: Date | undefined, at: Date): Date {
  return previous !== undefined && previous.getTime() >= at.getTime() ? new Date(previous.getTime() + 1) : at;
}
