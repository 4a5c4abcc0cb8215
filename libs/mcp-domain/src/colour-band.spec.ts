import { colourBand, type BandThreshold } from './colour-band';
import { Decimal } from './decimal';

describe('colourBand', () => {
  it.each([
    [0, 'red'],
    ['24.99', 'red'],
    [25, 'yellow'],
    ['49.999999', 'yellow'],
    [50, 'blue'],
    ['74.99', 'blue'],
    [75, 'green'],
    ['90.94', 'green'],
    [100, 'green'],
  ])('puts %s in %s by default', (score, band) => {
    expect(colourBand(new Decimal(score))).toBe(band);
  });

  it('follows configured thresholds, e.g. green from 78 as in 2025', () => {
    const bands2025: BandThreshold[] = [
      { band: 'red', from: 0 },
      { band: 'yellow', from: 25 },
      { band: 'blue', from: 50 },
      { band: 'green', from: 78 },
    ];
    expect(colourBand(77.99, bands2025)).toBe('blue');
    expect(colourBand(78, bands2025)).toBe('green');
  });

  it('refuses an empty threshold list', () => {
    expect(() => colourBand(50, [])).toThrow(RangeError);
  });
});
