import { exampleEvidenceVerified } from '@mcp/contracts';
import { decisionMessage } from './decision-message';

const decision = exampleEvidenceVerified();

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
