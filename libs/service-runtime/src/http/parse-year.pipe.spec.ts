import { DomainError } from '../errors/domain-error';
import { ParseYearPipe } from './parse-year.pipe';

describe('ParseYearPipe', () => {
  it('reads a year of the framework range', () => {
    expect(new ParseYearPipe().transform('2024')).toBe(2024);
    expect(new ParseYearPipe().transform('2000')).toBe(2000);
    expect(new ParseYearPipe().transform('2100')).toBe(2100);
    expect(new ParseYearPipe().transform(2024)).toBe(2024);
  });

  it.each(['3000000000', 3000000000, 2024.5, Number.NaN, '1999', '2101', '20x4', '-2024', '2024.5', ' 2024', '', undefined, ['2024', '2025']])('refuses %p with INVALID_YEAR', (value) => {
    expect(() => new ParseYearPipe().transform(value)).toThrow(expect.objectContaining({ code: 'INVALID_YEAR', kind: 'invalid-input' }) as DomainError);
  });

  it('leaves an optional year out when it is not given', () => {
    expect(new ParseYearPipe({ optional: true }).transform(undefined)).toBeUndefined();
    expect(() => new ParseYearPipe({ optional: true }).transform('99999')).toThrow(DomainError);
  });
});
