import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

/**
 * What a machine can see in an evidence file before a verifier opens it. Findings inform the
 * uploader and the verifier; they never decide anything on their own.
 */
export interface FileFindings {
  kind: 'pdf' | 'image' | 'zip' | 'other';
  /** Whether the file could be read as what its type says. */
  opens: boolean;
  /** Why it did not open, or why the check stopped early. */
  problem?: string;
  pageCount?: number;
  /** `none`: every page is an image only (a scan without OCR). */
  textLayer?: 'all-pages' | 'some-pages' | 'none';
  dates?: { found: string[]; outsidePeriod: string[]; period: EvidencePeriod };
  /**
   * Signature form fields by name, and how many signature values the file actually carries;
   * `fieldsUnreadable` says why the form's fields could not be listed (a broken field tree).
   */
  signatures?: { fields: string[]; signed: number; fieldsUnreadable?: string };
  /** An image's EXIF capture date (DateTimeOriginal), null when it carries none. */
  captureDate?: string | null;
  zipEntries?: { name: string; sizeBytes: number }[];
}

/** The days whose documents count as evidence for the framework year (inclusive, ISO dates). */
export interface EvidencePeriod {
  from: string;
  to: string;
}

/** What the inspector is given; kept to plain data because it crosses into a worker thread. */
export interface InspectionRequest {
  bytes: Uint8Array;
  contentType: string;
  period: EvidencePeriod;
  /** Pages read for text and dates; a 900-page scan need not be read to the end to be judged. */
  maxPagesForText: number;
}

const MAX_DATES = 50;
const MAX_ZIP_ENTRIES_LISTED = 200;

export async function inspectFile(request: InspectionRequest): Promise<FileFindings> {
  const { contentType } = request;
  if (contentType === 'application/pdf') return inspectPdf(request);
  if (contentType.startsWith('image/')) return inspectImage(request.bytes);
  if (contentType === 'application/zip') return inspectZipEntries(request.bytes);
  return { kind: 'other', opens: true };
}

async function inspectPdf({ bytes, period, maxPagesForText }: InspectionRequest): Promise<FileFindings> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
  const loading = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 });
  let document;
  try {
    document = await loading.promise;
  } catch (error) {
    return { kind: 'pdf', opens: false, problem: (error as Error).message };
  }
  try {
    const pageCount = document.numPages;
    let pagesWithText = 0;
    let pagesRead = 0;
    let text = '';
    for (let number = 1; number <= Math.min(pageCount, maxPagesForText); number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const pageText = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      if (pageText.trim().length > 0) pagesWithText += 1;
      text += `${pageText}\n`;
      pagesRead += 1;
      page.cleanup();
    }
    const textLayer = pagesWithText === 0 ? 'none' : pagesWithText === pagesRead ? 'all-pages' : 'some-pages';
    const found = datesIn(text);
    return {
      kind: 'pdf',
      opens: true,
      pageCount,
      textLayer,
      dates: { found, outsidePeriod: found.filter((date) => date < period.from || date > period.to), period },
      signatures: { ...(await signatureFieldsOf(document)), signed: embeddedSignatures(bytes) },
    };
  } finally {
    await loading.destroy();
  }
}

/**
 * Names of the form's signature fields, signed or still empty. Read from the AcroForm field tree,
 * not page by page: a signature usually sits on the last page, and parsing every page of a
 * 900-page scan to find it would undo PRECHECK_MAX_PAGES (and fail on a broken page never read).
 * A field tree that cannot be read loses only this finding, not the text and dates.
 */
async function signatureFieldsOf(document: {
  getFieldObjects(): Promise<Map<string, object[]> | null>;
}): Promise<{ fields: string[]; fieldsUnreadable?: string }> {
  let fields: Map<string, object[]>;
  try {
    fields = (await document.getFieldObjects()) ?? new Map<string, object[]>();
  } catch (error) {
    return { fields: [], fieldsUnreadable: (error as Error).message };
  }
  // A field with several widgets lists its parent (type '') beside them; any signature widget counts.
  const names = [...fields]
    .filter(([, widgets]) => widgets.some((widget) => (widget as { type?: unknown }).type === 'signature'))
    .map(([name]) => name);
  return { fields: names };
}

/**
 * Signature values in the file. pdf.js withholds them, but they cannot hide: a signature's
 * `/Contents` must sit as a hex string in the file's own bytes (its `/ByteRange` covers everything
 * else), never inside a compressed stream. An unsigned placeholder is all zeros.
 */
function embeddedSignatures(bytes: Uint8Array): number {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let count = 0;
  for (const match of raw.matchAll(/\/ByteRange\s*\[[\d\s]+\]/g)) {
    const around = raw.slice(Math.max(0, match.index - 70_000), match.index + 70_000);
    const contents = [...around.matchAll(/\/Contents\s*<([0-9A-Fa-f]{256,})>/g)].map((hit) => hit[1]);
    if (contents.some((hex) => /[1-9A-Fa-f]/.test(hex))) count += 1;
  }
  return count;
}

const MONTHS: Record<string, number> = {
  januari: 1, februari: 2, maret: 3, april: 4, mei: 5, juni: 6, juli: 7, agustus: 8, september: 9, oktober: 10, november: 11, desember: 12,
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, agu: 8, agt: 8, aug: 8, sep: 9, okt: 10, oct: 10, nov: 11, des: 12, dec: 12,
};

/**
 * Dates as Indonesian documents write them: "12 Maret 2024", "12/03/2024" or "12-03-2024" (day
 * first), and ISO "2024-03-12". Returned as unique ISO dates, in order of first appearance.
 */
export function datesIn(text: string): string[] {
  const found: string[] = [];
  const add = (year: number, month: number, day: number) => {
    const iso = isoDate(year, month, day);
    if (iso && !found.includes(iso) && found.length < MAX_DATES) found.push(iso);
  };
  const patterns: Array<[RegExp, (match: RegExpExecArray) => void]> = [
    [/\b(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\b/g, (m) => {
      const month = MONTHS[m[2].toLowerCase()];
      if (month) add(Number(m[3]), month, Number(m[1]));
    }],
    [/\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/g, (m) => add(Number(m[3]), Number(m[2]), Number(m[1]))],
    [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => add(Number(m[1]), Number(m[2]), Number(m[3]))],
  ];
  const hits: Array<{ index: number; apply: () => void }> = [];
  for (const [pattern, apply] of patterns) {
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const current = match;
      hits.push({ index: current.index, apply: () => apply(current) });
    }
  }
  hits.sort((a, b) => a.index - b.index).forEach((hit) => hit.apply());
  return found;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2200) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

async function inspectImage(bytes: Uint8Array): Promise<FileFindings> {
  const exifr = await import('exifr');
  try {
    const tags = (await exifr.parse(Buffer.from(bytes), { pick: ['DateTimeOriginal', 'CreateDate'] })) as
      | { DateTimeOriginal?: Date; CreateDate?: Date }
      | undefined;
    const taken = tags?.DateTimeOriginal ?? tags?.CreateDate;
    return { kind: 'image', opens: true, captureDate: taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken.toISOString() : null };
  } catch (error) {
    return { kind: 'image', opens: false, problem: (error as Error).message };
  }
}

async function inspectZipEntries(bytes: Uint8Array): Promise<FileFindings> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      fromBuffer(Buffer.from(bytes), { lazyEntries: true, autoClose: true }, (error, file) => (error ? reject(error) : resolve(file))),
    );
  } catch (error) {
    return { kind: 'zip', opens: false, problem: (error as Error).message };
  }
  const entries = await new Promise<Entry[]>((resolve, reject) => {
    const listed: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      listed.push(entry);
      if (listed.length >= MAX_ZIP_ENTRIES_LISTED) {
        zip.close();
        resolve(listed);
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(listed));
    zip.on('error', reject);
    zip.readEntry();
  });
  return { kind: 'zip', opens: true, zipEntries: entries.map((entry) => ({ name: entry.fileName, sizeBytes: entry.uncompressedSize })) };
}
