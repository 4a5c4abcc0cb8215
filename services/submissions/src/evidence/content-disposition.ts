/**
 * `Content-Disposition: attachment` with the file name in both forms of RFC 6266: `filename=` as
 * plain ASCII for old clients, and `filename*=UTF-8''…` (RFC 8187 percent-encoding) for the real
 * name. Quotes, backslashes and control characters can never break out of the header.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** RFC 9530 `Repr-Digest` value for a SHA-256 given in hex. */
export function sha256ReprDigest(sha256Hex: string): string {
  return `sha-256=:${Buffer.from(sha256Hex, 'hex').toString('base64')}:`;
}
