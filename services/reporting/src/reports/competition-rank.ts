export type Ranked<T> = T & { rank: number };

/**
 * Highest score first, ties broken by code so the order is stable; equal scores share a rank and
 * the next rank skips accordingly ("1, 2, 2, 4"), as league tables and KPK's rankings do.
 */
export function rankDescending<T>(
  items: readonly T[],
  scoreOf: (item: T) => number,
  codeOf: (item: T) => string,
): Ranked<T>[] {
  const sorted = [...items].sort(
    (a, b) => scoreOf(b) - scoreOf(a) || codeOf(a).localeCompare(codeOf(b)),
  );
  let rank = 0;
  return sorted.map((item, position) => {
    if (position === 0 || scoreOf(item) !== scoreOf(sorted[position - 1])) rank = position + 1;
    return { rank, ...item };
  });
}

/** The rank `rankDescending` gives a score among others: one more than the number above it. */
export function rankAmong(score: number, scores: readonly number[]): number {
  return 1 + scores.filter((other) => other > score).length;
}
