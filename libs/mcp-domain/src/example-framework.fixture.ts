import type { Framework, SubIndicator } from './framework';

function sub(code: string, weight: number, rubricSteps = [0, 50, 100]): SubIndicator {
  return {
    code,
    name: `Subindikator ${code}`,
    weight,
    rubricSteps,
    requiredEvidence: [{ code: 'a', name: 'Dokumen' }],
  };
}

/**
 * Small enough to score by hand in the specs, with the non-round weights that float arithmetic
 * gets wrong:
 *   A (60):  A.1 (33.33) = A.1.1 (50) + A.1.2 (50)
 *            A.2 (33.33) = A.2.1 (100, rubric 0/25/50/75/100)
 *            A.3 (33.34) = A.3.1 (40) + A.3.2 (60)
 *   B (40):  B.1 (100)   = B.1.1 (33.33) + B.1.2 (33.33) + B.1.3 (33.34)
 */
export function exampleFramework(): Framework {
  return {
    year: 2024,
    revision: 1,
    name: 'Kerangka uji',
    uploadDeadline: '2024-11-30T23:59:59+07:00',
    timeZone: 'Asia/Jakarta',
    areas: [
      {
        code: 'A',
        name: 'Area A',
        weight: 60,
        indicators: [
          {
            code: 'A.1',
            name: 'Indikator A.1',
            weight: 33.33,
            subIndicators: [sub('A.1.1', 50), sub('A.1.2', 50)],
          },
          {
            code: 'A.2',
            name: 'Indikator A.2',
            weight: 33.33,
            subIndicators: [sub('A.2.1', 100, [0, 25, 50, 75, 100])],
          },
          {
            code: 'A.3',
            name: 'Indikator A.3',
            weight: 33.34,
            subIndicators: [sub('A.3.1', 40), sub('A.3.2', 60)],
          },
        ],
      },
      {
        code: 'B',
        name: 'Area B',
        weight: 40,
        indicators: [
          {
            code: 'B.1',
            name: 'Indikator B.1',
            weight: 100,
            subIndicators: [sub('B.1.1', 33.33), sub('B.1.2', 33.33), sub('B.1.3', 33.34)],
          },
        ],
      },
    ],
  };
}
