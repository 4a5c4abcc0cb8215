import fs from 'node:fs';
import {
  computePemdaScore,
  Decimal,
  indexFramework,
  roundScore,
  subIndicatorWeightInTotal,
  validateFramework,
} from '@mcp/mcp-domain';
import { availableFrameworkYears, loadFramework } from './framework-files';
import { InvalidFrameworkFileError, MasterDataError } from './master-data-error';

describe('framework files', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lists the shipped years: 2018–2020-shaped, 2021–2024-shaped and 2025-shaped', () => {
    expect(availableFrameworkYears()).toEqual([2020, 2024, 2025]);
  });

  it.each([2020, 2024, 2025])('scores the %i example exactly: every share sums to 100', (year) => {
    const framework = loadFramework(year);
    const located = [...indexFramework(framework).subIndicators.values()];
    const all = new Map(located.map((entry) => [entry.subIndicator.code, 100]));
    expect(framework.areas).toHaveLength(8);
    expect(computePemdaScore(framework, all).total.toString()).toBe('100');
  });

  it('loads the 2018–2020 areas, dana desa and PTSP among them', () => {
    expect(loadFramework(2020).areas.map((area) => area.code)).toEqual([
      'PPA',
      'PBJ',
      'PTSP',
      'APIP',
      'ASN',
      'PAD',
      'BMD',
      'DD',
    ]);
  });

  it('loads 2025 with three aspects, 16 sasaran, green from 78 and points per evidence item', () => {
    const framework = loadFramework(2025);
    expect(framework.aspects?.map((aspect) => aspect.code)).toEqual(['TRN', 'REG', 'AKT']);
    expect(framework.areas.flatMap((area) => area.sasaran ?? [])).toHaveLength(16);
    expect(framework.colourBands?.at(-1)).toEqual({ band: 'green', from: 78 });
    const bmd = indexFramework(framework).subIndicators.get('BMD.1.2')?.subIndicator;
    // Items of 40, 30 and 30 points: every sum of accepted items is a valid verified value.
    expect([bmd?.rubricKind, bmd?.rubricSteps]).toEqual(['evidence-points', [0, 30, 40, 60, 70, 100]]);
  });

  it('loads the 2024 example: valid, eight areas, WIB deadline, 2–3 indicators and sub-indicators each', () => {
    const framework = loadFramework(2024);
    expect(validateFramework(framework).ok).toBe(true);
    expect(framework.areas.map((area) => area.code)).toEqual([
      'PRC',
      'ANG',
      'PBJ',
      'YAN',
      'APIP',
      'ASN',
      'BMD',
      'PJK',
    ]);
    expect([
      framework.year,
      framework.revision,
      framework.uploadDeadline,
      framework.timeZone,
    ]).toEqual([2024, 1, '2024-11-30T23:59:59+07:00', 'Asia/Jakarta']);
    for (const area of framework.areas) {
      expect(area.indicators.length).toBeGreaterThanOrEqual(2);
      expect(area.indicators.length).toBeLessThanOrEqual(3);
      for (const indicator of area.indicators) {
        expect([2, 3]).toContain(indicator.subIndicators.length);
      }
    }
  });

  it('scores the 2024 example exactly: shares sum to 100, everything at 100 gives 100', () => {
    const framework = loadFramework(2024);
    const located = [...indexFramework(framework).subIndicators.values()];
    const shares = located.reduce(
      (sum, entry) => sum.plus(subIndicatorWeightInTotal(entry)),
      new Decimal(0),
    );
    expect(shares.toString()).toBe('100');
    const all = new Map(located.map((entry) => [entry.subIndicator.code, 100]));
    expect(roundScore(computePemdaScore(framework, all).total)).toBe('100.00');
    expect(computePemdaScore(framework, all).total.toString()).toBe('100');
  });

  it('lists every problem of an edited file that no longer validates', () => {
    const broken = { ...loadFramework(2024), timeZone: 'WIB', revision: 0 };
    jest.spyOn(fs, 'readFileSync').mockReturnValueOnce(JSON.stringify(broken));
    expect(() => loadFramework(2024)).toThrow(InvalidFrameworkFileError);
    jest.spyOn(fs, 'readFileSync').mockReturnValueOnce(JSON.stringify(broken));
    expect(() => loadFramework(2024)).toThrow(
      /2024\.json tidak valid:\n- revision: .*\n- timeZone: zona waktu "WIB" tidak dikenal/,
    );
  });

  it('refuses a file whose year differs from its name', () => {
    jest
      .spyOn(fs, 'readFileSync')
      .mockReturnValueOnce(JSON.stringify({ ...loadFramework(2024), year: 2025 }));
    expect(() => loadFramework(2024)).toThrow('- year: harus 2024 sesuai nama berkas');
  });

  it('says which years exist when asked for a missing one', () => {
    expect(() => loadFramework(1999)).toThrow(MasterDataError);
    expect(() => loadFramework(1999)).toThrow(
      'Kerangka MCP tahun 1999 tidak tersedia (tersedia: 2020, 2024, 2025)',
    );
  });
});
