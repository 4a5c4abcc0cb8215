import { withinRetention } from './delivery-retention';

describe('withinRetention (#224)', () => {
  const now = new Date('2025-03-01T00:00:00Z');

  it('keeps everything without a retention', () => {
    expect(withinRetention('2020-01-01T00:00:00Z', 0, now)).toBe(true);
  });

  it('keeps the retention itself and drops what is older', () => {
    expect(withinRetention('2025-01-30T00:00:00Z', 30, now)).toBe(true);
    expect(withinRetention('2025-01-29T23:59:59Z', 30, now)).toBe(false);
    expect(withinRetention('2025-06-30T00:00:00Z', 30, now)).toBe(true);
  });

  it('keeps a moment that does not parse rather than drop a notice on a malformed date', () => {
    expect(withinRetention('not a date', 30, now)).toBe(true);
  });
});
