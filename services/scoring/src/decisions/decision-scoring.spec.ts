import { assertValidData, ScoreUpdated, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import { Decimal, indexFramework } from '@mcp/mcp-domain';
import { PermanentEventError } from '@mcp/messaging';
import type { PemdaRecord } from '@mcp/reference-data';
import {
  requireDecisionFramework,
  requireDecisionPemda,
  requireDecisionSubIndicator,
  scoreAgainst,
  scoreUpdatedOf,
} from './decision-scoring';

const framework2024 = loadFramework(2024);
const framework = { framework: framework2024, index: indexFramework(framework2024) };
const bandung: PemdaRecord = { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' };

const decision: EvidenceVerifiedV1 = {
  decisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  sequence: 1,
  pemdaCode: '32.73',
  provinceCode: '32',
  year: 2024,
  subIndicatorCode: 'PRC.1.1',
  outcome: 'approved',
  verifiedValue: 100,
  claimedValue: 100,
  reason: null,
  evidenceIds: ['0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10'],
  decidedBy: 'verifier-1',
  decidedAt: '2024-06-02T08:00:00.000Z',
};

describe('scoreAgainst the real 2024 framework', () => {
  it('scores PRC.1.1 = 100 and ANG.1.1 = 50 to the last decimal', () => {
    // PRC.1 = 33.33 × 100 / 100 = 33.33;   PRC = 33.33 × 33.33 / 100 = 11.108889
    // ANG.1 = 50 × 50 / 100 = 25;          ANG = 40 × 25 / 100 = 10
    // total = 12 × 11.108889 / 100 + 13 × 10 / 100 = 1.33306668 + 1.3 = 2.63306668
    const score = scoreAgainst(
      framework,
      new Map([
        ['PRC.1.1', 100],
        ['ANG.1.1', 50],
      ]),
    );
    expect(score.total.toFixed()).toBe('2.63306668');
    expect(score.areas.map((area) => [area.code, area.score.toFixed()])).toEqual([
      ['PRC', '11.108889'],
      ['ANG', '10'],
      ['PBJ', '0'],
      ['YAN', '0'],
      ['APIP', '0'],
      ['ASN', '0'],
      ['BMD', '0'],
      ['PJK', '0'],
    ]);
  });

  it('dead-letters a value off the rubric or a code the framework lacks', () => {
    expect(() => scoreAgainst(framework, new Map([['PRC.1.1', 75]]))).toThrow(PermanentEventError);
    expect(() => scoreAgainst(framework, new Map([['NOPE.1.1', 100]]))).toThrow(/kerangka 2024 revisi 1/);
  });
});

describe('a decision that cannot be scored', () => {
  it('is permanent for an unknown Pemda or year, with a message in Indonesian and English', () => {
    expect(() => requireDecisionPemda(undefined, { ...decision, pemdaCode: '99.99' })).toThrow(
      new PermanentEventError(
        'Pemda 99.99 tidak dikenal; keputusan 7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b tidak dapat dinilai ' +
          '(unknown Pemda 99.99; the decision cannot be scored)',
      ),
    );
    expect(() => requireDecisionFramework(undefined, { ...decision, year: 2031 })).toThrow(
      /tahun 2031 tidak tersedia.*no MCP framework for year 2031/,
    );
  });

  it('is permanent for a sub-indicator the framework lacks, whatever the outcome', () => {
    expect(() => requireDecisionSubIndicator(framework, decision)).not.toThrow();
    const rejection = { ...decision, subIndicatorCode: 'NOPE.1.1', outcome: 'rejected' as const, verifiedValue: null };
    expect(() => requireDecisionSubIndicator(framework, rejection)).toThrow(
      new PermanentEventError(
        'Subindikator NOPE.1.1 tidak ada dalam kerangka 2024 revisi 1 (sub-indicator NOPE.1.1 is not in framework 2024 r1)',
      ),
    );
  });
});

describe('scoreUpdatedOf', () => {
  it('publishes exact decimal strings that satisfy the ScoreUpdated schema', () => {
    const score = scoreAgainst(framework, new Map([['PRC.1.1', 100]]));
    const data = scoreUpdatedOf({
      pemda: bandung,
      year: 2024,
      frameworkRevision: 1,
      score,
      previousTotal: null,
      causedByDecisionId: decision.decisionId,
      computedAt: new Date('2024-06-02T08:00:01.000Z'),
    });
    expect(() => assertValidData(ScoreUpdated, data)).not.toThrow();
    // 12 × 11.108889 / 100 = 1.33306668; no previous score counts as 0.
    expect(data).toMatchObject({ total: '1.33306668', previousTotal: '0', wilayah: 'III', provinceCode: '32' });
    expect(data.areas[0]).toEqual({ code: 'PRC', score: '11.108889' });
  });

  it('never writes a tiny score in exponent notation', () => {
    const tiny = { total: new Decimal('0.00000001'), areas: [] };
    const data = scoreUpdatedOf({
      pemda: bandung,
      year: 2024,
      frameworkRevision: 1,
      score: tiny,
      previousTotal: new Decimal('0.0000001'),
      causedByDecisionId: decision.decisionId,
      computedAt: new Date(),
    });
    expect([data.total, data.previousTotal]).toEqual(['0.00000001', '0.0000001']);
  });
});
