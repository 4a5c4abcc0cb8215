import { Transform } from 'class-transformer';
import { IsOptional, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/**
 * `UPLOAD_DEADLINES`: the upload deadline per year when it is not the framework's, e.g.
 * `2024=2025-01-05T23:59:59+07:00,2025=2025-11-30T00:00:00+07:00` (ISO-8601 with an offset).
 * Submissions refuses uploads after it and notification counts its reminders down to it, so both
 * read the one variable (in Kubernetes from the shared ConfigMap `mcp-config`; docs/decisions.md #139).
 */
export function UploadDeadlineOverridesSetting(): PropertyDecorator {
  const decorators = [
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value)),
    IsOptional(),
    Validate(UploadDeadlineEntry, { each: true }),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

const ENTRY = /^\d{4}=(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `year=instant` with an offset, and an instant that exists: JavaScript reads 2025-13-01 as no date
 * (every upload would then be refused) and 2025-02-30 as 2 March, so the calendar is checked too.
 */
@ValidatorConstraint({ name: 'uploadDeadlineEntry' })
class UploadDeadlineEntry implements ValidatorConstraintInterface {
  validate(entry: unknown): boolean {
    const parts = typeof entry === 'string' ? ENTRY.exec(entry) : null;
    if (!parts) return false;
    const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
    // An offset JavaScript cannot read (+25:00, +07:99) gives no date at all.
    const offset = /^[+-](\d{2}):(\d{2})$/.exec(parts[8]);
    if (offset && (Number(offset[1]) > 14 || Number(offset[2]) > 59)) return false;
    if (Number.isNaN(Date.parse((entry as string).slice(5)))) return false;
    const asUtc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    return (
      asUtc.getUTCFullYear() === year &&
      asUtc.getUTCMonth() === month - 1 &&
      asUtc.getUTCDate() === day &&
      asUtc.getUTCHours() === hour &&
      asUtc.getUTCMinutes() === minute &&
      asUtc.getUTCSeconds() === second
    );
  }

  defaultMessage(): string {
    return 'UPLOAD_DEADLINES entries must look like 2024=2024-11-30T23:59:59+07:00, a date and time that exist';
  }
}

/** Deadlines set in configuration instead of the framework's, by year. */
export type DeadlineOverrides = ReadonlyMap<number, Date>;

/** `["2024=2025-01-05T23:59:59+07:00"]` → {2024 → that instant}; the setting's validation checked the shape. */
export function parseDeadlineOverrides(entries: readonly string[]): DeadlineOverrides {
  return new Map(
    entries.map((entry) => {
      const [year, instant] = entry.split('=');
      return [Number(year), new Date(instant)];
    }),
  );
}
