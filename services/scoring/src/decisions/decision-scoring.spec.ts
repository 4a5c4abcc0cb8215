import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import { indexFramework } from '@mcp/mcp-domain';
import { PermanentEventError, ReferenceDataPendingError } from '@mcp/messaging';
import { closedYearRefusal, requireDecisionFramework, requireDecisionPemda, requireDecisionSubIndicator } from './decision-scoring';

const framework2024 = loadFramework(2024);
const framework = { framework: framework2024, index: indexFramework(framework2024) };

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

  it('waits for reference data when the framework lacks the sub-indicator (a newer revision on its way), whatever the outcome', () => {
    expect(() => requireDecisionSubIndicator(framework, decision)).not.toThrow();
    const rejection = { ...decision, subIndicatorCode: 'NOPE.1.1', outcome: 'rejected' as const, verifiedValue: null };
    expect(() => requireDecisionSubIndicator(framework, rejection)).toThrow(ReferenceDataPendingError);
    expect(() => requireDecisionSubIndicator(framework, rejection)).toThrow(
      new ReferenceDataPendingError(
        'Subindikator NOPE.1.1 tidak ada dalam kerangka 2024 revisi 1 (sub-indicator NOPE.1.1 is not in framework 2024 r1)',
      ),
    );
  });
});

describe('a decision on a closed year', () => {
  it('is refused with a reason the Pemda and the verifier can read, not thrown (docs/decisions.md #74)', () => {
    expect(closedYearRefusal(undefined, decision)).toBeUndefined();
    const closed = { year: 2024, closedAt: new Date('2025-03-31T10:00:00.000Z'), closedBy: 'admin-kpk' };
    expect(closedYearRefusal(closed, decision)).toBe(
      'Tidak dihitung: tahun 2024 sudah ditutup pada 31 Maret 2025 pukul 17.00 WIB, sehingga keputusan ini tidak mengubah ' +
        'nilai akhir (keputusan 7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b)',
    );
  });
});
