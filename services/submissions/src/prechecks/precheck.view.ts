import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FileFindings } from './file-findings';
import type { PrecheckRecord } from './evidence-precheck.repository';

const STOP_REASONS: Record<string, string> = {
  'time-limit': 'batas waktu pemeriksaan per berkas tercapai',
  'memory-limit': 'batas memori pemeriksaan per berkas tercapai',
  'too-large': 'berkas terlalu besar untuk diperiksa otomatis',
  interrupted: 'pemeriksaan berkas ini tiga kali terhenti sebelum selesai',
};

/** The machine's findings on one evidence file, for the uploader and the verifier: information, never a decision. */
export class PrecheckView {
  @ApiProperty() evidenceId: string;
  @ApiProperty({ enum: ['pending', 'done', 'stopped', 'failed'], description: 'pending until a replica has checked the file' })
  status: 'pending' | 'done' | 'stopped' | 'failed';
  @ApiPropertyOptional({ nullable: true, description: 'What was found (kind, opens, pageCount, textLayer, dates, signatures, captureDate, zipEntries)' })
  findings: FileFindings | null;
  @ApiProperty({ type: [String], description: 'The findings in Indonesian, one line each' })
  notes: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) checkedAt: string | null;
}

export function toPrecheckView(evidenceId: string, record: PrecheckRecord | undefined): PrecheckView {
  if (!record || record.status === 'running') {
    return { evidenceId, status: 'pending', findings: null, notes: ['Pemeriksaan otomatis sedang berjalan.'], checkedAt: null };
  }
  const notes =
    record.status === 'done' && record.findings
      ? notesOf(record.findings)
      : record.status === 'stopped'
        ? [`Pemeriksaan otomatis dihentikan: ${STOP_REASONS[record.reason ?? ''] ?? record.reason}. Verifikator memeriksa berkas ini secara manual.`]
        : ['Pemeriksaan otomatis gagal; verifikator memeriksa berkas ini secara manual.'];
  return {
    evidenceId,
    status: record.status,
    findings: record.findings,
    notes: [...notes, 'Hasil ini hanya informasi, bukan keputusan verifikasi.'],
    checkedAt: record.finishedAt ? new Date(record.finishedAt).toISOString() : null,
  };
}

export function notesOf(findings: FileFindings): string[] {
  if (!findings.opens) return [`Berkas tidak dapat dibuka${findings.kind === 'pdf' ? ' sebagai PDF' : ''}: ${findings.problem ?? 'rusak'}.`];
  const notes: string[] = [];
  if (findings.kind === 'pdf') {
    notes.push(`PDF dapat dibuka, ${findings.pageCount} halaman.`);
    if (findings.textLayer === 'none') notes.push('Tidak ada lapisan teks: tampaknya hasil pindaian tanpa OCR.');
    if (findings.textLayer === 'some-pages') notes.push('Sebagian halaman tanpa lapisan teks (hasil pindaian).');
    const dates = findings.dates;
    if (dates && dates.found.length === 0 && findings.textLayer !== 'none') notes.push('Tidak ditemukan tanggal dalam teks.');
    if (dates && dates.outsidePeriod.length > 0) {
      notes.push(`Tanggal di luar periode ${dates.period.from} s.d. ${dates.period.to}: ${dates.outsidePeriod.join(', ')}.`);
    } else if (dates && dates.found.length > 0) notes.push(`Semua tanggal yang ditemukan (${dates.found.length}) dalam periode.`);
    const signatures = findings.signatures;
    if (signatures && signatures.signed > 0) notes.push(`Bertanda tangan digital (${signatures.signed} tanda tangan).`);
    else if (signatures && signatures.fields.length > 0) notes.push('Ada kolom tanda tangan digital, tetapi belum ditandatangani.');
    else if (signatures?.fieldsUnreadable) notes.push('Kolom tanda tangan digital tidak dapat dibaca (struktur formulir PDF rusak); periksa secara manual.');
    else notes.push('Tidak ada tanda tangan digital.');
  }
  if (findings.kind === 'image') {
    notes.push(findings.captureDate ? `Tanggal pengambilan foto: ${findings.captureDate.slice(0, 10)}.` : 'Foto tidak memuat tanggal pengambilan (EXIF).');
  }
  if (findings.kind === 'zip') {
    const entries = findings.zipEntries ?? [];
    notes.push(`Arsip ZIP berisi ${entries.length} berkas: ${entries.slice(0, 10).map((entry) => entry.name).join(', ')}${entries.length > 10 ? ', …' : ''}.`);
  }
  if (findings.kind === 'other') notes.push('Berkas dapat dibuka.');
  return notes;
}
