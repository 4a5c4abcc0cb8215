import type { EvidenceVerifiedV1 } from '@mcp/contracts';
import { decisionMessage } from './decision-message';

const decision: EvidenceVerifiedV1 = {
  decisionId: '7c1f9a2b-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  taskId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  sequence: 1,
  pemdaCode: '32.73',
  provinceCode: '32',
  year: 2024,
  subIndicatorCode: 'PRC.1.1',
  outcome: 'approved',
  verifiedValue: 50,
  claimedValue: 100,
  reason: null,
  evidenceIds: ['0b6f3c1e-6d2a-4d7e-9a51-2f7d3b8c9e10'],
  decidedBy: 'verifier-1',
  decidedAt: '2024-06-02T08:00:00.000Z',
};

describe('decisionMessage', () => {
  it('tells the Pemda the verified value of an approval', () => {
    expect(decisionMessage(decision)).toEqual({
      title: 'Dokumen disetujui: PRC.1.1',
      body: 'Verifikator menyetujui dokumen sub-indikator PRC.1.1 tahun 2024 dengan nilai verifikasi 50.',
    });
  });

  it('always carries the reason of a rejection or a revision request', () => {
    const rejected = decisionMessage({ ...decision, outcome: 'rejected', verifiedValue: null, reason: 'SK tidak bertanda tangan' });
    expect(rejected.body).toContain('Alasan: SK tidak bertanda tangan');
    const revision = decisionMessage({ ...decision, outcome: 'revision_requested', verifiedValue: null, reason: 'Lampiran kurang' });
    expect(revision.title).toBe('Perlu revisi: PRC.1.1');
    expect(revision.body).toContain('Catatan: Lampiran kurang');
  });
});
