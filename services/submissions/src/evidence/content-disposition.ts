import { create } from 'content-disposition';

/**
 * `Content-Disposition: attachment` in both forms of RFC 6266, written by the `content-disposition`
 * library: `filename*=UTF-8''…` (RFC 8187) for the real name, and a plain ASCII `filename=` for old
 * clients, in which anything else is `_` (the library's default, `?`, is refused by Windows), as
 * are `%` (some clients percent-decode `filename=`), quotes and backslashes.
 */
export function attachmentDisposition(fileName: string): string {
  return create(fileName, { type: 'attachment', fallback: fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_') });
}

/** RFC 9530 `Repr-Digest` value for a SHA-256 given in hex. */
export function sha256ReprDigest(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}
