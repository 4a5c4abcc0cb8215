import { posix } from 'node:path';
import { evidenceFileTypeOfMime } from '../upload/file-types';
import type { Evidence } from './evidence.entity';

/** What most file systems (ext4, NTFS, APFS) allow for one name, counted in UTF-8 bytes. */
export const MAX_FILE_NAME_BYTES = 255;
const FALLBACK_STEM = 'dokumen';

// Control characters (C0, DEL, C1), format characters (the bidi overrides and isolates that make
// `laporan‮fdp.exe` display as `laporanexe.pdf`, zero-width spaces, BOM, soft hyphen), line and
// paragraph separators, and lone surrogates (Postgres refuses them in JSON). ZWNJ and ZWJ stay:
// they join emoji sequences and letters in some scripts, and display nothing on their own.
const INVISIBLE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
// Printable but refused by Windows in a name (the separators are gone with the path by then).
const REFUSED_BY_WINDOWS = /["<>|:*?]/g;
// A device name before the first dot makes the whole name unusable on Windows: `NUL.pdf`, `con.tar.gz`.
const WINDOWS_DEVICE = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)[ .]*(\.|$)/i;
// Letters or digits with at least one letter: `.pdf`, `.7z`, not the `.2024` of `SK No. 12.2024`.
const EXTENSION = /\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,10}$/i;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * The name an evidence file is stored and downloaded under: the sender's name made harmless (one
 * path segment, no invisible or reordering characters, no Windows device name, at most
 * MAX_FILE_NAME_BYTES in UTF-8, cut between characters as people see them) with the extension of
 * the type its content was detected as, never the sender's (`laporan.exe` holding a PDF becomes
 * `laporan.pdf`). Applying it again changes nothing.
 */
export function evidenceFileName(original: string | undefined, extension: string): string {
  const segment = posix.basename((original ?? '').normalize('NFC').replace(/\\/g, '/'));
  // Tabs and line breaks separate words: they become spaces before the invisible ones go.
  const visible = segment.replace(/\s/g, ' ').replace(INVISIBLE, '').replace(REFUSED_BY_WINDOWS, '_').replace(/ {2,}/g, ' ');
  const suffix = `.${extension}`;
  const stem = trimEnds(visible.trim().replace(EXTENSION, '')) || FALLBACK_STEM;
  const usable = WINDOWS_DEVICE.test(stem) ? `_${stem}` : stem;
  return `${cutToBytes(usable, MAX_FILE_NAME_BYTES - Buffer.byteLength(suffix))}${suffix}`;
}

/**
 * The name an evidence version is shown and downloaded under. Names stored before evidenceFileName
 * existed (garbled, with bidi controls, with the sender's extension) come out as new ones would.
 */
export function fileNameOf(evidence: Pick<Evidence, 'fileName' | 'contentType'>): string {
  return evidenceFileName(evidence.fileName, evidenceFileTypeOfMime(evidence.contentType)?.name ?? 'bin');
}

// Leading dots hide a file on Unix; trailing dots and spaces are dropped by Windows.
function trimEnds(stem: string): string {
  return stem.replace(/^[. ]+/, '').replace(/[. ]+$/, '');
}

function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let kept = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    bytes += Buffer.byteLength(segment);
    if (bytes > maxBytes) break;
    kept += segment;
  }
  return trimEnds(kept) || FALLBACK_STEM;
}
