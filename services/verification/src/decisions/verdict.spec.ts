import type { SubIndicator } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import type { DecisionInputDto } from './decide-task.dto';
import { verdictOf } from './verdict';

const subIndicator: SubIndicator = {
  code: 'PRC.1.1',
  name: 'Penetapan SSH',
  weight: 33.33,
  rubricSteps: [0, 50, 100],
  requiredEvidence: [{ code: 'PRC.1.1.a', name: 'SK SSH' }],
};
const labels = new Map([
  ['DOKUMEN_TIDAK_LENGKAP', 'Dokumen tidak lengkap'],
  ['LAINNYA', 'Lainnya (lihat catatan)'],
]);

function outcomeOf(input: DecisionInputDto): string {
  try {
    return JSON.stringify(verdictOf(input, subIndicator, labels));
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('verdictOf', () => {
  it.each<[DecisionInputDto, string]>([
    [{ outcome: 'approved', verifiedValue: 50 }, '{"outcome":"approved","verifiedValue":50,"reasonCode":null,"note":null,"reason":null}'],
    [{ outcome: 'approved', verifiedValue: 70 }, 'VALUE_NOT_A_RUBRIC_STEP'],
    [{ outcome: 'approved' }, 'VERIFIED_VALUE_REQUIRED'],
    [
      { outcome: 'rejected', reasonCode: 'DOKUMEN_TIDAK_LENGKAP', note: 'Lampiran SSH tidak ada' },
      '{"outcome":"rejected","verifiedValue":null,"reasonCode":"DOKUMEN_TIDAK_LENGKAP","note":"Lampiran SSH tidak ada","reason":"Dokumen tidak lengkap: Lampiran SSH tidak ada"}',
    ],
    [
      { outcome: 'rejected', reason: 'SK belum ditandatangani' },
      '{"outcome":"rejected","verifiedValue":null,"reasonCode":"LAINNYA","note":"SK belum ditandatangani","reason":"Lainnya (lihat catatan): SK belum ditandatangani"}',
    ],
    [{ outcome: 'rejected', reasonCode: 'TIDAK_ADA', note: 'x' }, 'UNKNOWN_REASON_CODE'],
    [{ outcome: 'rejected', note: '   ' }, 'REASON_REQUIRED'],
    [{ outcome: 'revision_requested' }, 'REASON_REQUIRED'],
    [
      { outcome: 'revision_requested', note: 'Unggah SK yang sudah ditandatangani' },
      '{"outcome":"revision_requested","verifiedValue":null,"reasonCode":null,"note":"Unggah SK yang sudah ditandatangani","reason":"Unggah SK yang sudah ditandatangani"}',
    ],
  ])('%j → %s', (input, expected) => {
    expect(outcomeOf(input)).toBe(expected);
  });
});

describe('verdictOf on an evidence-points sub-indicator', () => {
  const pointsSubIndicator: SubIndicator = { ...subIndicator, rubricKind: 'evidence-points', rubricSteps: [0, 33.333333, 66.666666, 100] };

  it('keeps all six decimals of the step, and refuses the same value rounded to two', () => {
    expect(verdictOf({ outcome: 'approved', verifiedValue: 66.666666 }, pointsSubIndicator, labels).verifiedValue).toBe(66.666666);
    expect(() => verdictOf({ outcome: 'approved', verifiedValue: 66.67 }, pointsSubIndicator, labels)).toThrow(/bukan langkah rubrik/);
  });
});
