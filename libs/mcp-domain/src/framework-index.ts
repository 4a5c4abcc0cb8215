import { Decimal } from './decimal';
import type { Area, Framework, Indicator, SubIndicator } from './framework';

/** A sub-indicator with the indicator and area it belongs to. */
export interface LocatedSubIndicator {
  area: Area;
  indicator: Indicator;
  subIndicator: SubIndicator;
}

export interface FrameworkIndex {
  framework: Framework;
  subIndicators: ReadonlyMap<string, LocatedSubIndicator>;
}

/** Built once per framework revision so each verification event finds its sub-indicator in O(1). */
export function indexFramework(framework: Framework): FrameworkIndex {
  const subIndicators = new Map<string, LocatedSubIndicator>();
  for (const area of framework.areas) {
    for (const indicator of area.indicators) {
      for (const subIndicator of indicator.subIndicators) {
        subIndicators.set(subIndicator.code, { area, indicator, subIndicator });
      }
    }
  }
  return { framework, subIndicators };
}

export function findSubIndicator(
  index: FrameworkIndex,
  subIndicatorCode: string,
): LocatedSubIndicator | undefined {
  return index.subIndicators.get(subIndicatorCode);
}

/**
 * The most a sub-indicator can add to a Pemda total (out of 100): areaW × indW × subW / 10000.
 * A verified value v adds exactly v × this / 100, and the shares of a valid framework sum to 100.
 */
export function subIndicatorWeightInTotal(located: LocatedSubIndicator): Decimal {
  return new Decimal(located.area.weight)
    .times(located.indicator.weight)
    .times(located.subIndicator.weight)
    .dividedBy(10000);
}
