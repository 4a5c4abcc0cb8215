import type { PemdaRecord } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import { PublishedFigures } from './published-figures';

const pemda: PemdaRecord[] = [
  { code: '11.01', name: 'Kabupaten Aceh Selatan', kind: 'kabupaten', provinceCode: '11', wilayah: 'I' },
  { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' },
];

function figures(framework: boolean, history: { pemda_code: string; total: string }[] = []) {
  const query = jest.fn(async () => history);
  const referenceData = { frameworkFor: async () => (framework ? { framework: {}, index: {} } : undefined), allPemda: async () => pemda };
  return { query, figures: new PublishedFigures({ manager: { query, connection: { options: { schema: 'reporting' } } } } as never, referenceData as never) };
}

async function refusal(act: Promise<unknown>): Promise<DomainError | undefined> {
  try {
    await act;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe('PublishedFigures.monthEndProgress', () => {
  const now = new Date('2026-12-03T00:00:00.000Z');

  it('refuses a year without a framework with 404 NOT_PUBLISHED, instead of every Pemda at 0 ranked 1', async () => {
    const { figures: withoutFramework, query } = figures(false);
    const refused = await refusal(withoutFramework.monthEndProgress(2021, '2021-05', now));
    expect(refused).toMatchObject({ kind: 'not-found', code: 'NOT_PUBLISHED', details: { year: 2021, month: '2021-05' } });
    expect(refused?.message).toContain('tidak ada kerangka MCP tahun itu');
    expect(query).not.toHaveBeenCalled();
  });

  it('still answers a month not yet ended with NOT_PUBLISHED, and one outside the year with INVALID_MONTH', async () => {
    const { figures: withoutFramework } = figures(false);
    expect(await refusal(withoutFramework.monthEndProgress(2026, '2026-12', now))).toMatchObject({ code: 'NOT_PUBLISHED' });
    expect(await refusal(withoutFramework.monthEndProgress(2021, '2019-03', now))).toMatchObject({ code: 'INVALID_MONTH' });
  });

  it('ranks every Pemda of a year with a framework, an unscored one at 0', async () => {
    const { figures: withFramework } = figures(true, [{ pemda_code: '32.73', total: '12.345' }]);
    const set = await withFramework.monthEndProgress(2024, '2024-10', now);
    expect(set).toMatchObject({ year: 2024, kind: 'month-end', month: '2024-10', publishedAt: '2024-10-31T17:00:00.000Z' });
    expect(set.rows.map(({ rank, pemdaCode, total }) => [rank, pemdaCode, total])).toEqual([
      [1, '32.73', 12.35],
      [2, '11.01', 0],
    ]);
  });

  it('waits MONTH_END_GRACE_MS after the month ends, so the scores computed just before midnight are in', async () => {
    const { figures: withFramework } = figures(true);
    // October 2024 ends at 1 November 00:00 WIB = 31 October 17:00 UTC.
    expect(await refusal(withFramework.monthEndProgress(2024, '2024-10', new Date('2024-10-31T17:05:00.000Z')))).toMatchObject({ code: 'NOT_PUBLISHED' });
    await expect(withFramework.monthEndProgress(2024, '2024-10', new Date('2024-10-31T17:15:00.001Z'))).resolves.toMatchObject({ month: '2024-10' });
  });
});
