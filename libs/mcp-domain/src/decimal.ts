import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The Decimal every score is computed with. decimal.js rounds each operation to 20 significant
 * digits by default, which a national sum of long products could exceed; then an incremental
 * aggregate and a full recompute would round differently. Weights and rubric steps carry at most
 * 6 decimals (validateFramework enforces it), so a Pemda total has under 40 significant digits and
 * even a sum over a million of them fits in 100: every plus, minus and times stays exact. Only
 * averageOf divides inexactly, once, with the rounding below.
 *
 * A private clone, so the global decimal.js configuration of other code is left untouched.
 */
export const Decimal = DecimalJs.clone({ precision: 100, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = DecimalJs;

export const HUNDRED = new Decimal(100);
