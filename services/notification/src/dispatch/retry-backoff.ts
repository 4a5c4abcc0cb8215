export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/**
 * When to try again after `attempt` failed: exponential (base × 2^(attempt-1), capped), with
 * "equal jitter" (half fixed, half random) so receivers recovering from an outage are not hit by
 * every sender at the same second. Null once the attempts are used up.
 */
export function nextAttemptAt(policy: RetryPolicy, attempt: number, now: Date, random: () => number = Math.random): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return new Date(now.getTime() + delay / 2 + random() * (delay / 2));
}
