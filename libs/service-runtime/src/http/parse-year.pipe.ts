import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** The years a framework may be written for (validate-framework.ts reads the same range). */
export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

/**
 * An assessment year from a path or query: digits within YEAR_RANGE, else 400 INVALID_YEAR. Nest's
 * ParseIntPipe takes any run of digits, and 3000000000 then failed in Postgres (int4) as a 500.
 */
@Injectable()
export class ParseYearPipe implements PipeTransform<unknown, number | undefined> {
  constructor(private readonly options: { optional?: boolean } = {}) {}

  transform(value: unknown): number | undefined {
    if ((value === undefined || value === '') && this.options.optional) return undefined;
    // A service whose global ValidationPipe transforms hands a number-typed parameter over as a number.
    const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : Number.isInteger(value) ? (value as number) : Number.NaN;
    if (!(year >= YEAR_RANGE.min && year <= YEAR_RANGE.max)) {
      throw new DomainError(
        'invalid-input',
        'INVALID_YEAR',
        `Tahun harus bilangan bulat ${YEAR_RANGE.min}–${YEAR_RANGE.max} (year must be an integer from ${YEAR_RANGE.min} to ${YEAR_RANGE.max})`,
      );
    }
    return year;
  }
}
