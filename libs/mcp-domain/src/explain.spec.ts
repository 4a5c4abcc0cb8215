import { exampleFramework } from './example-framework.fixture';
import { explainPemdaScore, type ExplainedDecision } from './explain';
import { computePemdaScore } from './pemda-score';

const framework = exampleFramework();

function decided(code: string, fields: Partial<ExplainedDecision>): [string, ExplainedDecision] {
  return [
    code,
    {
      decisionId: `dec-${code}`,
      subIndicatorCode: code,
      outcome: 'approved',
      verifiedValue: 100,
      claimedValue: 100,
      sequence: 1,
      evidenceIds: [`ev-${code}`],
      decidedAt: '2024-06-02T08:00:00.000Z',
      ...fields,
    },
  ];
}

describe('explainPemdaScore', () => {
  const inForce = new Map([
    decided('A.1.1', { verifiedValue: 100 }),
    decided('A.1.2', { outcome: 'rejected', verifiedValue: null, claimedValue: 50 }),
    decided('A.2.1', { verifiedValue: 25, claimedValue: 75 }),
  ]);
  const explanation = explainPemdaScore(framework, inForce);
  const areaA = explanation.areas[0];

  it('gives the same total as the score, with the arithmetic of every level', () => {
    // A.1 = 50 × 100 / 100 + 0 = 50; A.2 = 100 × 25 / 100 = 25; A.3 = 0
    // A = 33.33 × 50 / 100 + 33.33 × 25 / 100 + 33.34 × 0 / 100 = 16.665 + 8.3325 = 24.9975
    // total = 60 × 24.9975 / 100 + 40 × 0 / 100 = 14.9985
    const verified = new Map([
      ['A.1.1', 100],
      ['A.2.1', 25],
    ]);
    expect(explanation.total.toFixed()).toBe('14.9985');
    expect(explanation.total.equals(computePemdaScore(framework, verified).total)).toBe(true);
    expect(explanation.computation).toBe(
      'Σ (bobot area × nilai area / 100) = 60 × 24.9975 / 100 + 40 × 0 / 100 = 14.9985',
    );
    expect(areaA.computation).toBe(
      'Σ (bobot indikator × nilai indikator / 100) = 33.33 × 50 / 100 + 33.33 × 25 / 100 + 33.34 × 0 / 100 = 24.9975',
    );
    expect(areaA.indicators[0].computation).toBe('Σ nilai subindikator = 50 + 0 = 50');
  });

  it('shows the decision and evidence behind each verified value, and why a value is 0', () => {
    const [approved, rejected] = areaA.indicators[0].subIndicators;
    expect(approved).toMatchObject({
      code: 'A.1.1',
      status: 'approved',
      verifiedValue: 100,
      claimedValue: 100,
      decisionId: 'dec-A.1.1',
      evidenceIds: ['ev-A.1.1'],
      computation: '50 × 100 / 100 = 50',
    });
    // Share: 60 × 33.33 × 50 / 10000 = 9.999, all of it earned.
    expect([approved.shareOfTotal.toFixed(), approved.contributionToTotal.toFixed()]).toEqual(['9.999', '9.999']);
    expect(rejected).toMatchObject({
      status: 'rejected',
      verifiedValue: null,
      claimedValue: 50,
      computation: '50 × 0 / 100 = 0 (ditolak: dihitung 0)',
    });
    const untouched = areaA.indicators[2].subIndicators[0];
    expect(untouched).toMatchObject({ status: 'not_decided', decisionId: null, evidenceIds: [] });
    expect(untouched.computation).toBe('40 × 0 / 100 = 0 (belum ada keputusan verifikasi: dihitung 0)');
  });
});
