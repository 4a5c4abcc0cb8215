import { Decimal } from './decimal';

export type ColourBand = 'red' | 'yellow' | 'blue' | 'green';

/** A band starts at `from` (inclusive) and runs to the next band's `from`. */
export interface BandThreshold {
  band: ColourBand;
  from: number;
}

/** The bands in KPK reports up to 2024. Data, not code: 2025 reports start green at 78. */
export const DEFAULT_BANDS: readonly BandThreshold[] = [
  { band: 'red', from: 0 },
  { band: 'yellow', from: 25 },
  { band: 'blue', from: 50 },
  { band: 'green', from: 75 },
];

/**
 * The band a score falls in; thresholds must be ascending by `from`. Pass the rounded score if the
 * colour must agree with the number shown (74.996 displays as 75.00).
 */
export function colourBand(
  score: Decimal | number,
  thresholds: readonly BandThreshold[] = DEFAULT_BANDS,
): ColourBand {
  if (thresholds.length === 0) throw new RangeError('Daftar ambang warna tidak boleh kosong');
  const value = new Decimal(score);
  let band = thresholds[0].band;
  for (const threshold of thresholds) {
    if (value.greaterThanOrEqualTo(threshold.from)) band = threshold.band;
  }
  return band;
}

/** A year's bands: its framework's own when it states them, otherwise the defaults. */
export function bandsOf(framework: { colourBands?: readonly BandThreshold[] }): readonly BandThreshold[] {
  return framework.colourBands ?? DEFAULT_BANDS;
}
