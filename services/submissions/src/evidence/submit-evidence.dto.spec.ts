import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SubmitEvidenceDto, uploadFieldProblems } from './submit-evidence.dto';

const fields = { pemdaCode: '32.73', year: '2024', subIndicatorCode: 'PRC.1.1' };

async function problemsOf(extra: Record<string, string>): Promise<string[]> {
  const input = plainToInstance(SubmitEvidenceDto, { ...fields, ...extra });
  const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((error) => error.property);
}

describe('SubmitEvidenceDto claimedValue', () => {
  it('takes a number sent as a form field', async () => {
    const input = plainToInstance(SubmitEvidenceDto, { ...fields, claimedValue: '66.67' });
    expect(input.claimedValue).toBe(66.67);
    expect(await problemsOf({ claimedValue: '66.67' })).toEqual([]);
  });

  it('keeps the claim in force when the field is omitted', async () => {
    expect(plainToInstance(SubmitEvidenceDto, fields).claimedValue).toBeUndefined();
    expect(await problemsOf({})).toEqual([]);
  });

  it.each(['', '  '])('refuses a blank field (%p) instead of reading it as a claim of 0', async (blank) => {
    expect(await problemsOf({ claimedValue: blank })).toEqual(['claimedValue']);
  });

  it('refuses text that is not a number', async () => {
    expect(await problemsOf({ claimedValue: 'seratus' })).toEqual(['claimedValue']);
  });
});

describe('uploadFieldProblems', () => {
  it('says every problem in Indonesian first, an unknown field included (class-validator says that one in English)', async () => {
    const input = plainToInstance(SubmitEvidenceDto, { ...fields, year: '1999', claimedValue: '101', note: 'x'.repeat(2001), tahun: '2024' });
    const problems = uploadFieldProblems(await validate(input, { whitelist: true, forbidNonWhitelisted: true })).split('; ');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^year paling awal 2018/),
        expect.stringMatching(/^claimedValue paling besar 100/),
        expect.stringMatching(/^note paling banyak 2000 karakter/),
        'kolom tahun tidak dikenal (unknown field tahun)',
      ]),
    );
    expect(problems.filter((problem) => /should not exist|must not be/.test(problem))).toEqual([]);
  });
});
