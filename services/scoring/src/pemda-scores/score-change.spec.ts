import { assertValidData, ScoreUpdated } from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import { Decimal } from '@mcp/mcp-domain';
import { PermanentEventError } from '@mcp/messaging';
import type { PemdaRecord } from '@mcp/reference-data';
import { scoreAgainst, scoreUpdatedOf } from './score-change';

const framework = loadFramework(2024);
const bandung: PemdaRecord = { code: '32.73', name: 'Kota Bandung', kind: 'kota', provinceCode: '32', wilayah: 'III' };
const decisionId = '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b';

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

describe('scoreUpdatedOf', () => {
  it('publishes exact decimal strings that satisfy the ScoreUpdated schema', () => {
    const score = scoreAgainst(framework, new Map([['PRC.1.1', 100]]));
    const data = scoreUpdatedOf({
      pemda: bandung,
      year: 2024,
      frameworkRevision: 1,
      score,
      previousTotal: null,
      causedByDecisionId: decisionId,
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
      causedByDecisionId: decisionId,
      computedAt: new Date(),
    });
    expect([data.total, data.previousTotal]).toEqual(['0.00000001', '0.0000001']);
  });
});
