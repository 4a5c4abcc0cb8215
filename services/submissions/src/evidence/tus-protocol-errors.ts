import { ERRORS } from '@tus/server';

/**
 * tus's own protocol refusals, said as the rest of the API says its refusals: a code and an
 * Indonesian message a Pemda operator can act on, with tus's English after it. Only the status is
 * protocol (a tus client reads nothing else); the body is for the person and the support desk.
 */
const PROTOCOL_MESSAGES: Partial<Record<keyof typeof ERRORS, string>> = {
  MISSING_OFFSET: 'Header Upload-Offset wajib dikirim',
  INVALID_CONTENT_TYPE: 'Content-Type harus application/offset+octet-stream',
  INVALID_OFFSET: 'Upload-Offset tidak sama dengan posisi unggahan; tanyakan posisinya (HEAD) lalu lanjutkan dari sana',
  FILE_NOT_FOUND: 'Unggahan tidak ditemukan; mulai unggahan baru',
  FILE_NO_LONGER_EXISTS: 'Unggahan ini sudah kedaluwarsa dan dihapus; mulai unggahan baru',
  ERR_SIZE_EXCEEDED: 'Data yang dikirim melebihi ukuran berkas yang dinyatakan saat unggahan dimulai',
  INVALID_LENGTH: 'Header Upload-Length wajib dikirim (ukuran berkas harus diketahui sejak awal)',
  INVALID_METADATA: 'Upload-Metadata tidak sah: pasangan nama dan nilai base64, dipisahkan koma, tiap nama sekali',
  ABORTED: 'Unggahan ini sedang dilanjutkan oleh permintaan lain; coba lagi sebentar lagi',
  ERR_LOCK_TIMEOUT: 'Unggahan ini sedang dilanjutkan oleh permintaan lain; coba lagi sebentar lagi',
  INVALID_TERMINATION: 'Unggahan yang sudah selesai tidak dapat dibatalkan',
  UNSUPPORTED_CONCATENATION_EXTENSION: 'Unggahan paralel (concatenation) tidak didukung; matikan unggahan paralel pada klien tus',
  UNSUPPORTED_CREATION_DEFER_LENGTH_EXTENSION: 'Ukuran berkas harus dinyatakan saat unggahan dimulai (creation-defer-length tidak didukung)',
  UNSUPPORTED_EXPIRATION_EXTENSION: 'Ekstensi expiration tidak didukung',
};

/** The answer for one of tus's ERRORS (thrown as is, or as a copy), or undefined for anything else. */
export function tusProtocolAnswer(error: { status_code: number; body: string }): { status_code: number; body: string } | undefined {
  const name = (Object.keys(ERRORS) as (keyof typeof ERRORS)[]).find(
    (key) => ERRORS[key] === error || (ERRORS[key].status_code === error.status_code && ERRORS[key].body === error.body),
  );
  const message = name && PROTOCOL_MESSAGES[name];
  if (!name || !message) return undefined;
  const { status_code: statusCode, body } = ERRORS[name];
  return {
    status_code: statusCode,
    body: JSON.stringify({ statusCode, error: `TUS_${name.replace(/^ERR_/, '')}`, message: `${message} (${body.trim()})` }),
  };
}
