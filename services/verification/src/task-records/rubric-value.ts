import { Decimal, MAX_DECIMAL_PLACES } from '@mcp/mcp-domain';
import { applyDecorators } from '@nestjs/common';
import { IsNumber, Max, Min, ValidateBy } from 'class-validator';
import type { ColumnOptions } from 'typeorm';

/**
 * A rubric value (a claimed or verified value, 0–100) keeps every decimal the framework allows:
 * six, as framework validation enforces in libs/mcp-domain. `evidence-points` steps such as
 * 66.666666 must survive storage to stay rubric steps.
 */
const RUBRIC_VALUE_DECIMAL_PLACES = MAX_DECIMAL_PLACES;

/**
 * Unconstrained `numeric`, as scoring stores the same values. Postgres returns numeric as text; a
 * value of 0–100 with six decimals survives the trip through a JS number unchanged, and the event
 * contracts carry numbers.
 */
export function rubricValueColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'numeric',
    nullable: true,
    transformer: {
      to: (value: number | null | undefined) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  };
}

/**
 * A number from 0 to 100 with at most RUBRIC_VALUE_DECIMAL_PLACES decimals. Counted with Decimal
 * rather than class-validator's maxDecimalPlaces, which fails on exponent forms such as 1e-7.
 */
export function IsRubricValue(property: string): PropertyDecorator {
  return applyDecorators(
    IsNumber({}, { message: `${property} harus angka (${property} must be a number)` }),
    Min(0),
    Max(100),
    ValidateBy({
      name: 'rubricValueDecimalPlaces',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'number' || !Number.isFinite(value) || new Decimal(value).decimalPlaces() <= RUBRIC_VALUE_DECIMAL_PLACES,
        defaultMessage: () =>
          `${property} paling banyak ${RUBRIC_VALUE_DECIMAL_PLACES} angka di belakang koma (at most ${RUBRIC_VALUE_DECIMAL_PLACES} decimal places)`,
      },
    }),
  );
}
