import { DomainError } from '@mcp/service-runtime';
import type { ZipVerdict } from './zip-inspection';

/** Every way an upload is refused, with the message the operator sees. */
export const UploadErrors = {
  tooLarge(maxBytes: number): DomainError {
    return new DomainError(
      'too-large',
      'FILE_TOO_LARGE',
      `Berkas melebihi batas ukuran ${describeBytes(maxBytes)}; unggahan dihentikan dan tidak disimpan (file exceeds the upload limit of ${maxBytes} bytes)`,
    );
  },
  empty(): DomainError {
    return new DomainError('invalid-input', 'EMPTY_FILE', 'Berkas kosong (0 byte) tidak dapat diterima (the file is empty)');
  },
  missingFile(): DomainError {
    return new DomainError('invalid-input', 'MISSING_FILE', 'Berkas wajib diunggah pada field "file" (the multipart field "file" is required)');
  },
  unexpectedFileField(name: string): DomainError {
    return new DomainError(
      'invalid-input',
      'UNEXPECTED_FILE_FIELD',
      `Berkas harus dikirim pada field "file", bukan "${name}" (the file must be sent in the field "file")`,
    );
  },
  fileNotAFile(): DomainError {
    return new DomainError(
      'invalid-input',
      'FILE_FIELD_NOT_A_FILE',
      'Field "file" harus berupa berkas dengan nama berkas (the field "file" must be a file part with a filename)',
    );
  },
  oneFileOnly(): DomainError {
    return new DomainError('invalid-input', 'ONE_FILE_PER_UPLOAD', 'Satu unggahan hanya boleh berisi satu berkas (one file per upload)');
  },
  tooManyFields(): DomainError {
    return new DomainError('invalid-input', 'TOO_MANY_FIELDS', 'Terlalu banyak field dalam unggahan (too many form fields)');
  },
  fieldTooLong(name: string): DomainError {
    return new DomainError('invalid-input', 'FIELD_TOO_LONG', `Isi field "${name}" terlalu panjang (form field too long)`);
  },
  notMultipart(): DomainError {
    return new DomainError(
      'invalid-input',
      'NOT_MULTIPART',
      'Unggahan harus dikirim sebagai multipart/form-data (the upload must be multipart/form-data)',
    );
  },
  malformed(detail: string): DomainError {
    return new DomainError('invalid-input', 'MALFORMED_UPLOAD', `Unggahan terputus atau rusak: ${detail} (malformed or interrupted upload)`);
  },
  unsupportedType(detected: string | undefined, allowedLabels: string[]): DomainError {
    const found = detected ? detected.toUpperCase() : 'tidak dikenal';
    return new DomainError(
      'unprocessable',
      'UNSUPPORTED_FILE_TYPE',
      `Jenis berkas tidak diizinkan: isinya terdeteksi sebagai ${found}; yang diizinkan ${allowedLabels.join(', ')}. ` +
        'Jenis ditentukan dari isi berkas, bukan dari nama atau Content-Type (file type not allowed, decided by content)',
    );
  },
  zipRefused(verdict: Exclude<ZipVerdict, { ok: true }>, limits: { maxEntries: number; maxUncompressedBytes: number }): DomainError {
    if (verdict.problem === 'corrupt') {
      return new DomainError('unprocessable', 'CORRUPT_ZIP', 'Berkas ZIP rusak atau tidak dapat dibaca (corrupt ZIP container)');
    }
    const limit =
      verdict.problem === 'too-many-entries'
        ? `berisi ${verdict.detail}, melebihi batas ${limits.maxEntries} entri`
        : `isinya bila dibuka ${verdict.detail}, melebihi batas ${describeBytes(limits.maxUncompressedBytes)}`;
    return new DomainError('unprocessable', 'ZIP_BOMB', `Berkas ZIP ditolak: ${limit} (ZIP bomb refused)`);
  },
  /** `stagedBytes`: what the Pemda's unfinished resumable uploads have declared (only a tus creation counts them). */
  quotaExceeded(quotaBytes: number, usedBytes: number, stagedBytes = 0): DomainError {
    const staged = stagedBytes > 0 ? `, ditambah ${aboutBytes(stagedBytes)} untuk unggahan bertahap yang belum selesai` : '';
    return new DomainError(
      'too-large',
      'STORAGE_QUOTA_EXCEEDED',
      `Kuota penyimpanan Pemda (${describeBytes(quotaBytes)}) akan terlampaui: sudah terpakai ${aboutBytes(usedBytes)}${staged}, ` +
        `tersisa ${aboutBytes(Math.max(0, quotaBytes - usedBytes - stagedBytes))}. ` +
        (stagedBytes > 0 ? 'Selesaikan atau batalkan unggahan bertahap yang tertunda, atau tunggu hingga kedaluwarsa. ' : '') +
        'Berkas tidak disimpan; hubungi admin MCP bila kuota perlu ditambah (per-Pemda storage quota exceeded)',
      stagedBytes > 0 ? { quotaBytes, usedBytes, stagedBytes } : { quotaBytes, usedBytes },
    );
  },
  malwareDetected(signatures: string[]): DomainError {
    return new DomainError(
      'unprocessable',
      'MALWARE_DETECTED',
      `Berkas ditolak karena mengandung virus atau malware (${signatures.join(', ')}). Berkas tidak disimpan dan tidak dapat ` +
        'diunduh siapa pun. Bersihkan berkas di komputer Anda lalu unggah lagi (malware found; the file was not kept)',
      { signatures },
    );
  },
  scannerUnavailable(): DomainError {
    return new DomainError(
      'unavailable',
      'MALWARE_SCAN_UNAVAILABLE',
      'Pemindaian virus sedang tidak tersedia, sehingga berkas tidak disimpan. Silakan unggah lagi beberapa saat lagi ' +
        '(the malware scanner is unavailable; nothing was kept, try again later)',
    );
  },
  resumableNotFound(): DomainError {
    return new DomainError(
      'not-found',
      'UPLOAD_NOT_FOUND',
      'Unggahan tidak ditemukan: sudah selesai, kedaluwarsa, dibatalkan, atau bukan milik Anda. Mulai unggahan baru ' +
        '(no such resumable upload of yours; start a new one)',
    );
  },
  /** DELETE of an upload already recorded as evidence: cancelling it would not take the evidence back. */
  resumableAlreadyRecorded(recordedBody: object): DomainError {
    const evidenceId = (recordedBody as { id?: unknown }).id;
    return new DomainError(
      'conflict',
      'UPLOAD_ALREADY_RECORDED',
      'Unggahan ini sudah selesai dan tercatat sebagai dokumen pendukung, jadi tidak dapat dibatalkan; untuk menariknya, ' +
        'tarik kembali dokumennya (POST /v1/evidence/{id}/withdrawal) ' +
        '(the upload is already recorded as evidence; withdraw the evidence instead)',
      typeof evidenceId === 'string' ? { evidenceId } : undefined,
    );
  },
  resumableBeingRecorded(): DomainError {
    return new DomainError(
      'conflict',
      'UPLOAD_BEING_RECORDED',
      'Berkas ini sudah lengkap diterima dan sedang diperiksa serta dicatat; tanyakan lagi sebentar lagi ' +
        '(the upload is complete and being recorded; ask again shortly)',
    );
  },
  resumableLengthRequired(): DomainError {
    return new DomainError(
      'invalid-input',
      'UPLOAD_LENGTH_REQUIRED',
      'Ukuran berkas harus disebutkan di awal unggahan (header Upload-Length) (the upload length must be declared at creation)',
    );
  },
};

/** 52428800 → "50 MiB"; a size that is not a whole number of units stays in bytes, exact. */
export function describeBytes(bytes: number): string {
  const units = ['byte', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value} ${units[unit]}`;
}

/** A size as a person reads it, to one decimal in Indonesian notation ("9,8 GiB"). */
export function aboutBytes(bytes: number): string {
  const units = ['byte', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
