/**
 * THE FRAMEWORK WORKBOOK (XLSX), one sheet per level, the first row of each sheet its column
 * names (any order, case-insensitive). A row's parent is named by code; rows keep their order
 * within their parent. Decimals may be written with a comma (33,33).
 *
 *   Kerangka      kunci | nilai        rows: tahun, nama, batas_unggah (ISO-8601 with offset, as
 *                                      text), zona_waktu (IANA), catatan (optional, ignored)
 *   Aspek         kode | nama                                              (optional sheet)
 *   Area          kode | nama | bobot
 *   Sasaran       kode | nama | area                                       (optional sheet)
 *   Indikator     kode | nama | bobot | area | aspek* | sasaran*
 *   Subindikator  kode | nama | bobot | indikator | jenis_rubrik* | langkah_rubrik*
 *                 jenis_rubrik: "langkah" (default) or "poin_per_dokumen";
 *                 langkah_rubrik: e.g. "0;50;100" (or 0/50/100), empty for poin_per_dokumen
 *   Dokumen       kode | nama | subindikator | poin*   (poin only for poin_per_dokumen)
 *   Warna         pita | mulai    red/yellow/blue/green and where each starts (optional sheet)
 *
 * (* = optional column.) The revision is not in the workbook: the platform numbers revisions.
 */
export interface SheetLayout {
  name: string;
  required: readonly string[];
  optional: readonly string[];
  sheetOptional: boolean;
}

function sheet(name: string, required: string[], optional: string[] = [], sheetOptional = false): SheetLayout {
  return { name, required, optional, sheetOptional };
}

export const LAYOUT = {
  framework: sheet('Kerangka', ['kunci', 'nilai']),
  aspects: sheet('Aspek', ['kode', 'nama'], [], true),
  areas: sheet('Area', ['kode', 'nama', 'bobot']),
  sasaran: sheet('Sasaran', ['kode', 'nama', 'area'], [], true),
  indicators: sheet('Indikator', ['kode', 'nama', 'bobot', 'area'], ['aspek', 'sasaran']),
  subIndicators: sheet('Subindikator', ['kode', 'nama', 'bobot', 'indikator'], ['jenis_rubrik', 'langkah_rubrik']),
  evidence: sheet('Dokumen', ['kode', 'nama', 'subindikator'], ['poin']),
  bands: sheet('Warna', ['pita', 'mulai'], [], true),
} as const;

/** Kerangka sheet keys → framework fields. */
export const FRAMEWORK_KEYS = {
  tahun: 'year',
  nama: 'name',
  batas_unggah: 'uploadDeadline',
  zona_waktu: 'timeZone',
} as const;

export const RUBRIC_KINDS = { langkah: 'steps', poin_per_dokumen: 'evidence-points' } as const;
