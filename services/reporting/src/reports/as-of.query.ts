import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** YYYY-MM-DD: a calendar day, read as the state at its end in WIB (see dayEnd). */
export const AS_OF_DAY = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/**
 * The `asOf` every read model with a history accepts, the same way: a day (`2024-10-31`), for
 * the state at the end of it (WIB). ISO 8601 strict as well as the pattern, so 2024-02-31 is
 * refused instead of rolling over into March. `description`: what the state at that day means for the route.
 */
export function AsOfDay(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, format: 'date', pattern: AS_OF_DAY.source, example: '2024-10-31', description })(target, key);
    IsOptional()(target, key);
    Matches(AS_OF_DAY)(target, key);
    IsISO8601({ strict: true })(target, key);
  };
}
