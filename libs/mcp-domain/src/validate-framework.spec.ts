import { exampleFramework } from './example-framework.fixture';
import { validateFramework } from './validate-framework';

function problemsOf(input: unknown) {
  const result = validateFramework(input);
  if (result.ok) throw new Error('expected the framework to be invalid');
  return result.problems;
}

describe('validateFramework', () => {
  it('accepts a framework whose weights are 33.33/33.33/33.34 and returns a clean copy', () => {
    const input = { ...exampleFramework(), note: 'dibuang' };
    const result = validateFramework(input);
    expect(result).toEqual({ ok: true, framework: exampleFramework() });
  });

  it('reports every problem at once, each with its path', () => {
    const input = exampleFramework();
    input.year = 1999;
    input.uploadDeadline = '2024-11-30T23:59:59';
    input.timeZone = 'Asia/Jakartaa';
    input.areas[0].weight = 59.99; // 59.99 + 40 = 99.99
    input.areas[0].indicators[0].weight = 33.34; // 33.34 + 33.33 + 33.34 = 100.01
    input.areas[0].indicators[1].subIndicators[0].rubricSteps = [0, 150, 50, 100];
    input.areas[0].indicators[2].subIndicators[1].code = 'A.1.1';
    input.areas[1].indicators[0].subIndicators[2].rubricSteps = [0, 50];
    input.areas[1].indicators[0].subIndicators[1].name = ' ';
    input.areas[1].indicators[0].weight = 100.5;
    input.areas[1].indicators[0].subIndicators[0].weight = 33.3300001; // its sibling sum is then skipped

    const b1 = 'areas[1].indicators[0]';
    expect(problemsOf(input)).toEqual([
      { path: 'year', message: 'harus bilangan bulat antara 2018 dan 2100' },
      {
        path: 'uploadDeadline',
        message: 'harus waktu ISO-8601 lengkap dengan zona, mis. 2024-11-30T23:59:59+07:00',
      },
      { path: 'timeZone', message: 'zona waktu "Asia/Jakartaa" tidak dikenal, mis. Asia/Jakarta' },
      {
        path: 'areas[0].indicators[1].subIndicators[0].rubricSteps[1]',
        message: 'harus antara 0 dan 100, sekarang 150',
      },
      {
        path: 'areas[0].indicators[2].subIndicators[1].code',
        message: 'kode "A.1.1" sudah dipakai di areas[0].indicators[0].subIndicators[0]',
      },
      { path: 'areas[0].indicators', message: 'jumlah bobot harus tepat 100, sekarang 100.01' },
      { path: `${b1}.weight`, message: 'harus lebih dari 0 dan paling besar 100, sekarang 100.5' },
      { path: `${b1}.subIndicators[0].weight`, message: 'paling banyak 6 angka di belakang koma' },
      { path: `${b1}.subIndicators[1].name`, message: 'wajib diisi dengan teks' },
      { path: `${b1}.subIndicators[2].rubricSteps`, message: 'nilai rubrik harus memuat 100' },
      { path: 'areas', message: 'jumlah bobot harus tepat 100, sekarang 99.99' },
    ]);
  });

  it('checks the area weights sum exactly, not within a float tolerance', () => {
    const input = exampleFramework();
    input.areas[0].weight = 59.99;
    expect(problemsOf(input)).toEqual([
      { path: 'areas', message: 'jumlah bobot harus tepat 100, sekarang 99.99' },
    ]);
  });

  it('reports each rubric fault: order, repeats and the missing bounds', () => {
    const input = exampleFramework();
    input.areas[0].indicators[0].subIndicators[0].rubricSteps = [10, 60, 60, 40];
    expect(problemsOf(input)).toEqual([
      {
        path: 'areas[0].indicators[0].subIndicators[0].rubricSteps[2]',
        message: 'nilai rubrik 60 tercantum lebih dari sekali',
      },
      {
        path: 'areas[0].indicators[0].subIndicators[0].rubricSteps[3]',
        message: 'nilai rubrik harus urut naik: 40 sesudah 60',
      },
      {
        path: 'areas[0].indicators[0].subIndicators[0].rubricSteps',
        message: 'nilai rubrik harus memuat 0',
      },
      {
        path: 'areas[0].indicators[0].subIndicators[0].rubricSteps',
        message: 'nilai rubrik harus memuat 100',
      },
    ]);
  });

  it('reports missing parts of the tree and wrong types', () => {
    const problems = problemsOf({
      year: 2024.5,
      revision: 0,
      areas: [
        null,
        { code: 'X Y', name: 'Area', weight: '100', indicators: [] },
        {
          code: 'Z',
          name: 'Area',
          weight: 0,
          indicators: [
            {
              code: 'Z.1',
              name: 'I',
              weight: 100,
              subIndicators: [
                {
                  code: 'Z.1.1',
                  name: 'S',
                  weight: 100,
                  rubricSteps: [0, 100],
                  requiredEvidence: [{ code: 'a', name: 'A' }, { code: 'a', name: 'B' }, {}],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(problems).toEqual([
      { path: 'year', message: 'harus bilangan bulat antara 2018 dan 2100' },
      { path: 'revision', message: expect.stringContaining('harus bilangan bulat antara 1 dan') },
      { path: 'name', message: 'wajib diisi dengan teks' },
      { path: 'uploadDeadline', message: 'wajib diisi dengan teks' },
      { path: 'timeZone', message: 'wajib diisi dengan teks' },
      { path: 'areas[0]', message: 'harus berupa objek' },
      { path: 'areas[1].code', message: 'kode "X Y" tidak boleh mengandung spasi' },
      { path: 'areas[1].weight', message: 'harus berupa angka lebih dari 0 dan paling besar 100' },
      { path: 'areas[1].indicators', message: 'harus berupa daftar yang tidak kosong' },
      { path: 'areas[2].weight', message: 'harus lebih dari 0 dan paling besar 100, sekarang 0' },
      {
        path: 'areas[2].indicators[0].subIndicators[0].requiredEvidence[1].code',
        message: 'kode dokumen "a" tercantum lebih dari sekali',
      },
      {
        path: 'areas[2].indicators[0].subIndicators[0].requiredEvidence[2].code',
        message: 'wajib diisi dengan teks',
      },
      {
        path: 'areas[2].indicators[0].subIndicators[0].requiredEvidence[2].name',
        message: 'wajib diisi dengan teks',
      },
    ]);
  });

  it('rejects something that is not an object', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'harus berupa objek' }]);
  });
});
