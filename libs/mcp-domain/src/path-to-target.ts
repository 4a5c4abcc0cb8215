import { Decimal, HUNDRED } from './decimal';
import type { Framework } from './framework';
import { indexFramework, subIndicatorWeightInTotal } from './framework-index';

export interface OpenSubIndicator {
  code: string;
  name: string;
  areaCode: string;
  indicatorCode: string;
  /** The verified value now (0 without an approval). */
  currentValue: number;
  /** How much the total rises if this sub-indicator is verified at 100: share × (100 − current) / 100. */
  gain: Decimal;
}

export interface PathToTarget {
  total: Decimal;
  target: Decimal;
  /** target − total, never below 0. */
  gap: Decimal;
  /** Every sub-indicator below 100, by gain descending (framework order on ties). */
  open: OpenSubIndicator[];
  /** The smallest set of open sub-indicators whose gains close the gap; empty when already met. */
  priority: OpenSubIndicator[];
  /** The total if every priority item is verified at 100. */
  totalAfterPriority: Decimal;
  /** False when even every open sub-indicator at 100 stays below the target. */
  reachable: boolean;
}

/**
 * The priority list: open sub-indicators ranked by gain, and the fewest that reach the target.
 *
 * Algorithm: compute each open sub-indicator's gain, sort descending, take from the top until the
 * total reaches the target. O(n log n) for n sub-indicators.
 *
 * Why greedy gives the fewest items: the roll-up is linear, total = Σ shareᵢ × valueᵢ / 100 (see
 * subIndicatorWeightInTotal), so raising item i to 100 adds exactly gainᵢ whatever else is raised;
 * the gains are independent and add up. For any k, the k largest gains are the largest sum any k
 * items can add. If the greedy run needs k items, the k − 1 largest gains fall short, so every set
 * of k − 1 items falls short too: no smaller set exists. (It is the fewest items, not the least
 * effort: a weight says nothing about how hard a document is to produce.)
 */
export function pathToTarget(
  framework: Framework,
  verifiedValues: ReadonlyMap<string, number>,
  total: Decimal,
  target: Decimal | number | string,
): PathToTarget {
  const goal = new Decimal(target);
  const open = openSubIndicators(framework, verifiedValues);
  const priority: OpenSubIndicator[] = [];
  let reached = total;
  for (const item of open) {
    if (reached.greaterThanOrEqualTo(goal)) break;
    priority.push(item);
    reached = reached.plus(item.gain);
  }
  return {
    total,
    target: goal,
    gap: Decimal.max(goal.minus(total), 0),
    open,
    priority,
    totalAfterPriority: reached,
    reachable: reached.greaterThanOrEqualTo(goal),
  };
}

function openSubIndicators(
  framework: Framework,
  verifiedValues: ReadonlyMap<string, number>,
): OpenSubIndicator[] {
  const open: OpenSubIndicator[] = [];
  for (const located of indexFramework(framework).subIndicators.values()) {
    const currentValue = verifiedValues.get(located.subIndicator.code) ?? 0;
    if (currentValue >= 100) continue;
    open.push({
      code: located.subIndicator.code,
      name: located.subIndicator.name,
      areaCode: located.area.code,
      indicatorCode: located.indicator.code,
      currentValue,
      gain: subIndicatorWeightInTotal(located).times(HUNDRED.minus(currentValue)).dividedBy(HUNDRED),
    });
  }
  // Array#sort is stable: equal gains keep framework order.
  return open.sort((a, b) => b.gain.comparedTo(a.gain));
}
