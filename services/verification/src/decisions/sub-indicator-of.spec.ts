import type { Framework } from '@mcp/mcp-domain';
import { ReferenceData } from '@mcp/reference-data';
import type { DomainError } from '@mcp/service-runtime';
import type { DataSource, EntityManager } from 'typeorm';
import { subIndicatorOf } from './sub-indicator-of';

const framework2024: Framework = {
  year: 2024,
  revision: 1,
  name: 'Kerangka uji',
  uploadDeadline: '2024-11-30T23:59:59+07:00',
  timeZone: 'Asia/Jakarta',
  areas: [
    {
      code: 'PRC',
      name: 'Perencanaan',
      weight: 100,
      indicators: [
        {
          code: 'PRC.1',
          name: 'Indikator',
          weight: 100,
          subIndicators: [{ code: 'PRC.1.1', name: 'Penetapan SSH', weight: 100, rubricSteps: [0, 50, 100], requiredEvidence: [] }],
        },
      ],
    },
  ],
};

/** The schema's framework copy as ReferenceData reads it: only 2024 is stored. */
const dataSource = {
  options: { schema: 'verification' },
  query: async (_sql: string, [year]: [number]) => (year === 2024 ? [{ document: framework2024 }] : []),
} as unknown as DataSource;
const transaction = dataSource as unknown as EntityManager;

async function refusalOf(task: { year: number; subIndicatorCode: string }): Promise<Pick<DomainError, 'kind' | 'code'>> {
  const error = (await subIndicatorOf(new ReferenceData(dataSource), task, transaction).catch((caught: unknown) => caught)) as DomainError;
  return { kind: error.kind, code: error.code };
}

describe('subIndicatorOf', () => {
  it('finds the sub-indicator in the latest framework of the task year', async () => {
    expect((await subIndicatorOf(new ReferenceData(dataSource), { year: 2024, subIndicatorCode: 'PRC.1.1' }, transaction)).rubricSteps).toEqual([0, 50, 100]);
  });

  it.each([
    ['a sub-indicator the framework no longer has', { year: 2024, subIndicatorCode: 'PRC.9.9' }, 'UNKNOWN_SUB_INDICATOR'],
    ['a year without a framework', { year: 2019, subIndicatorCode: 'PRC.1.1' }, 'UNKNOWN_FRAMEWORK_YEAR'],
  ])('refuses %s with 404 %s', async (_case, task, code) => {
    expect(await refusalOf(task)).toEqual({ kind: 'not-found', code });
  });
});
