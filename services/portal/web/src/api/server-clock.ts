/**
 * The portal's clock, as far as the browser can tell it: each answer's `Date` header (whole seconds)
 * was written between the request leaving and its answer arriving. A PC whose clock runs fast or
 * slow (common on office machines) would otherwise hide a verifier's decision buttons before the
 * lease ends, or close an upload form before the deadline, or leave them open after it.
 */
const HEADER_RESOLUTION_MS = 1000;
/** Below this the header's own rounding and the round trip are all we would be correcting. */
const NEGLIGIBLE_SKEW_MS = 2000;

let skewMs = 0;

/** Beyond this the round trip alone blurs the estimate more than the threshold. */
const MAX_ROUND_TRIP_MS = 2000;

/**
 * Learns the server's clock from one answer; `sentAt` and `receivedAt` are the browser's own clock.
 * An answer the browser may hand back from its cache (`Cache-Control: max-age`, e.g. the Pemda
 * list, kept for an hour) carries the Date it was first given, so it says nothing about now.
 */
export function learnServerClock(dateHeader: string | null, cacheControl: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader || receivedAt - sentAt > MAX_ROUND_TRIP_MS) return;
  if (cacheControl && /max-age=[1-9]/.test(cacheControl)) return;
  const serverSecond = Date.parse(dateHeader);
  if (Number.isNaN(serverSecond)) return;
  const estimate = serverSecond + HEADER_RESOLUTION_MS / 2 - (sentAt + receivedAt) / 2;
  skewMs = Math.abs(estimate) > NEGLIGIBLE_SKEW_MS ? estimate : 0;
}

/** `Date.now()` corrected by what the last answer said of the server's clock. */
export function serverNow(): number {
  return Date.now() + skewMs;
}
