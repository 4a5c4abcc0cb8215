import type { EvidenceVerifiedV1 } from '@mcp/contracts';

export interface NotificationText {
  title: string;
  body: string;
}

/** What a Pemda reads about a decision: in Indonesian, with the reason whenever there is one. */
export function decisionMessage(decision: EvidenceVerifiedV1): NotificationText {
  const subject = `sub-indikator ${decision.subIndicatorCode} tahun ${decision.year}`;
  switch (decision.outcome) {
    case 'approved':
      return {
        title: `Dokumen disetujui: ${decision.subIndicatorCode}`,
        body: `Verifikator menyetujui dokumen ${subject} dengan nilai verifikasi ${decision.verifiedValue}.`,
      };
    case 'rejected':
      return {
        title: `Dokumen ditolak: ${decision.subIndicatorCode}`,
        body: `Verifikator menolak dokumen ${subject}. Alasan: ${decision.reason}`,
      };
    case 'revision_requested':
      return {
        title: `Perlu revisi: ${decision.subIndicatorCode}`,
        body: `Verifikator meminta revisi dokumen ${subject}. Catatan: ${decision.reason}. Silakan unggah dokumen perbaikan.`,
      };
  }
}
