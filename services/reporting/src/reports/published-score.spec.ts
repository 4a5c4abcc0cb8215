import { publishedScore } from './published-score';

describe('publishedScore', () => {
  it('rounds half-up on the exact decimal, where float rounding would go down', () => {
    expect((80.145).toFixed(2)).toBe('80.14');
    expect(publishedScore('10.005')).toBe(10.01);
    expect(publishedScore('80.145')).toBe(80.15);
    expect(publishedScore('75.134999999999999999999')).toBe(75.13);
  });

  it('keeps whole and short figures as they are', () => {
    expect(publishedScore('0')).toBe(0);
    expect(publishedScore('76')).toBe(76);
    expect(publishedScore('84.7')).toBe(84.7);
  });
});
