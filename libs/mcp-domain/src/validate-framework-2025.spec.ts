import { exampleFramework } from './example-framework.fixture';
import type { Framework } from './framework';
import { validateFramework } from './validate-framework';

/** The fixture grouped as 2025 frameworks are: aspects framework-wide, sasaran per area. */
function grouped(): Framework {
  const framework = exampleFramework();
  framework.aspects = [
    { code: 'T', name: 'Transparansi' },
    { code: 'K', name: 'Akuntabilitas' },
  ];
  framework.areas[0].sasaran = [
    { code: 'A.S1', name: 'Sasaran A1' },
    { code: 'A.S2', name: 'Sasaran A2' },
  ];
  framework.areas[0].indicators.forEach((indicator, i) => {
    indicator.aspectCode = 'T';
    indicator.sasaranCode = i === 0 ? 'A.S1' : 'A.S2';
  });
  framework.areas[1].indicators[0].aspectCode = 'K';
  return framework;
}

function problemsOf(input: unknown) {
  const result = validateFramework(input);
  if (result.ok) throw new Error('expected the framework to be invalid');
  return result.problems;
}

describe('aspects and sasaran', () => {
  it('accepts them as labels and keeps them in the clean copy', () => {
    expect(validateFramework(grouped())).toEqual({ ok: true, framework: grouped() });
  });

  it('requires every indicator to name a known aspect and a sasaran of its own area', () => {
    const input = grouped();
    delete input.areas[0].indicators[0].aspectCode;
    input.areas[0].indicators[1].sasaranCode = 'B.S9';
    input.areas[1].indicators[0].sasaranCode = 'A.S1'; // area B has no sasaran
    input.areas[0].indicators[2].aspectCode = 'X';
    expect(problemsOf(input)).toEqual([
      { path: 'areas[0].indicators[0].aspectCode', message: 'wajib diisi dengan teks' },
      { path: 'areas[0].indicators[1].sasaranCode', message: 'sasaran "B.S9" tidak dikenal (yang ada: A.S1, A.S2)' },
      { path: 'areas[0].indicators[2].aspectCode', message: 'aspek "X" tidak dikenal (yang ada: T, K)' },
      {
        path: 'areas[1].indicators[0].sasaranCode',
        message: 'area ini tidak memakai sasaran; hapus isian ini atau tambahkan daftar sasaran',
      },
    ]);
  });

  it('reports a label nobody uses and a label code that collides with another code', () => {
    const input = grouped();
    input.aspects?.push({ code: 'R', name: 'Regulasi dan kebijakan' });
    input.areas[0].sasaran?.push({ code: 'B', name: 'Sasaran yang kodenya sama dengan area B' });
    expect(problemsOf(input)).toEqual([
      { path: 'areas[0].sasaran[2]', message: 'sasaran "B" tidak dipakai indikator mana pun' },
      { path: 'areas[1].code', message: 'kode "B" sudah dipakai di areas[0].sasaran[2]' },
      { path: 'aspects[2]', message: 'aspek "R" tidak dipakai indikator mana pun' },
    ]);
  });
});

describe('rubric kinds', () => {
  it('derives the steps of an evidence-points sub-indicator from its items', () => {
    const input = exampleFramework();
    const sub = input.areas[1].indicators[0].subIndicators[0];
    input.areas[1].indicators[0].subIndicators[0] = {
      code: sub.code,
      name: 'Database BMD',
      weight: sub.weight,
      rubricKind: 'evidence-points',
      requiredEvidence: [
        { code: 'a', name: 'Database BMD', points: 50 },
        { code: 'b', name: 'Rekonsiliasi BMD', points: 50 },
      ],
    } as never;
    const result = validateFramework(input);
    expect(result.ok && result.framework.areas[1].indicators[0].subIndicators[0].rubricSteps).toEqual([0, 50, 100]);
    // A validated copy validates again (events carry it): the derived steps are accepted as given.
    expect(result.ok && validateFramework(result.framework).ok).toBe(true);
  });

  it('reports points that do not sum to 100, missing or stray points, wrong steps and an unknown kind', () => {
    const input = exampleFramework();
    const [b1, b2, b3] = input.areas[1].indicators[0].subIndicators;
    b1.rubricKind = 'evidence-points';
    b1.requiredEvidence = [
      { code: 'a', name: 'A', points: 50 },
      { code: 'b', name: 'B', points: 40 },
    ];
    b2.rubricKind = 'evidence-points';
    b2.requiredEvidence = [{ code: 'a', name: 'A' }];
    b3.requiredEvidence = [{ code: 'a', name: 'A', points: 100 }];
    const a1 = input.areas[0].indicators[0].subIndicators[0];
    a1.rubricKind = 'percent' as never;
    const a2 = input.areas[0].indicators[0].subIndicators[1];
    a2.rubricKind = 'evidence-points';
    a2.requiredEvidence = [{ code: 'a', name: 'A', points: 100 }];
    a2.rubricSteps = [0, 50, 100];
    const path = (area: number, sub: number) => `areas[${area}].indicators[0].subIndicators[${sub}]`;
    expect(problemsOf(input)).toEqual([
      { path: `${path(0, 0)}.rubricKind`, message: 'harus "steps" (langkah rubrik) atau "evidence-points" (poin per dokumen)' },
      { path: `${path(0, 1)}.rubricSteps`, message: 'dihitung dari poin dokumen: seharusnya 0, 100 (atau kosongkan)' },
      { path: `${path(1, 0)}.requiredEvidence`, message: 'jumlah poin dokumen harus tepat 100, sekarang 90' },
      {
        path: `${path(1, 1)}.requiredEvidence[0].points`,
        message: 'wajib diisi untuk rubrik evidence-points (poin per dokumen diterima)',
      },
      {
        path: `${path(1, 2)}.requiredEvidence[0].points`,
        message: 'poin hanya untuk rubrik evidence-points; hapus atau ubah rubricKind',
      },
    ]);
  });
});

describe('colour bands', () => {
  it('accepts 2025 bands (green from 78) and refuses bands out of order', () => {
    const input = exampleFramework();
    input.colourBands = [
      { band: 'red', from: 0 },
      { band: 'yellow', from: 25 },
      { band: 'blue', from: 50 },
      { band: 'green', from: 78 },
    ];
    expect(validateFramework(input).ok).toBe(true);
    input.colourBands = [
      { band: 'red', from: 5 },
      { band: 'yellow', from: 50 },
      { band: 'blue', from: 50 },
      { band: 'blue', from: 78 },
    ];
    expect(problemsOf(input)).toEqual([
      { path: 'colourBands[3].band', message: 'harus "green" (urutan red, yellow, blue, green)' },
    ]);
    input.colourBands[3].band = 'green';
    expect(problemsOf(input)).toEqual([
      { path: 'colourBands[0].from', message: 'pita pertama harus mulai dari 0, sekarang 5' },
      { path: 'colourBands[2].from', message: 'harus lebih besar dari batas pita sebelumnya (50), sekarang 50' },
    ]);
  });
});
