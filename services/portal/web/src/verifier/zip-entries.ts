/**
 * The entry list of a ZIP read from its central directory, so a verifier sees what is inside
 * without unpacking anything (the services offer no listing route). ZIP64 archives and archives
 * with a long trailing comment beyond the search window answer null: the viewer then offers the
 * download only.
 */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

export function zipEntries(bytes: ArrayBuffer): ZipEntry[] | null {
  const view = new DataView(bytes);
  const minimum = 22;
  if (bytes.byteLength < minimum) return null;
  let eocd = -1;
  for (let offset = bytes.byteLength - minimum; offset >= Math.max(0, bytes.byteLength - minimum - 65535); offset -= 1) {
    if (view.getUint32(offset, true) === EOCD_SIGNATURE) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) return null;
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let cursor = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (cursor + 46 > bytes.byteLength || view.getUint32(cursor, true) !== CENTRAL_SIGNATURE) return null;
    const compressedSize = view.getUint32(cursor + 20, true);
    const size = view.getUint32(cursor + 24, true);
    const nameLength = view.getUint16(cursor + 28, true);
    const extraLength = view.getUint16(cursor + 30, true);
    const commentLength = view.getUint16(cursor + 32, true);
    const name = decoder.decode(new Uint8Array(bytes, cursor + 46, nameLength));
    entries.push({ name, compressedSize, size });
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
