import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsRubricValue, rubricValueColumn } from './rubric-value';

class Input {
  @IsRubricValue('verifiedValue')
  verifiedValue: number;
}

function problemsOf(verifiedValue: unknown): string[] {
  return validateSync(plainToInstance(Input, { verifiedValue })).flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('IsRubricValue', () => {
  it.each([0, 50, 100, 33.333333, 66.666666])('accepts %s', (value) => {
    expect(problemsOf(value)).toEqual([]);
  });

  it.each([
    [66.6666667, /paling banyak 6 angka di belakang koma/],
    [1e-7, /paling banyak 6 angka di belakang koma/],
    [100.5, /must not be greater than 100/],
    [-1, /must not be less than 0/],
    ['50', /verifiedValue harus angka/],
  ])('refuses %s', (value, problem) => {
    expect(problemsOf(value).join('; ')).toMatch(problem);
  });
});

describe('rubricValueColumn', () => {
  const { transformer, type } = rubricValueColumn('verified_value') as { transformer: { from(value: string | null): number | null }; type: string };

  it('is unconstrained numeric, read back to the same number with all six decimals', () => {
    expect(type).toBe('numeric');
    expect(transformer.from('66.666666')).toBe(66.666666);
    expect(transformer.from(null)).toBeNull();
  });
});
