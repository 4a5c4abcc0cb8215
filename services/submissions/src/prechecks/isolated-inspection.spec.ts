import { zipArchive } from '../upload/zip-archive.fixture';
import { corruptPdf, pathologicalPdf, photo, scanOnlyPdf, signatureFieldBeyondBrokenPagePdf, signedPdf, textPdf, unreadableSignatureFieldPdf } from './evidence-files.fixture';
import { notesOf } from './precheck.view';
import { datesIn, type EvidencePeriod } from './file-findings';
import { InspectionPool, type InspectionLimits } from './isolated-inspection';

// Each file goes through the real worker pool with real pdf.js and exifr: what the service runs.
const period: EvidencePeriod = { from: '2024-01-01', to: '2024-12-31' };
const limits: InspectionLimits = { timeMs: 60_000, memoryMb: 256 };
jest.setTimeout(120_000);
const pool = new InspectionPool(limits, 2);
afterAll(() => pool.close());

async function findingsOf(bytes: Buffer, contentType: string) {
  const outcome = await pool.inspect({ bytes, contentType, period, maxPagesForText: 50 });
  if (outcome.status !== 'done') throw new Error(`inspection ${outcome.status}: ${outcome.reason}`);
  return outcome.findings;
}

it('an unsigned PDF with text: opens, its pages, a text layer, its dates inside the period, no signature', async () => {
  const pdf = await textPdf(['Surat Keputusan Bupati tanggal 12 Maret 2024', 'Lampiran, ditetapkan 2024-04-01']);
  expect(await findingsOf(pdf, 'application/pdf')).toEqual({
    kind: 'pdf',
    opens: true,
    pageCount: 2,
    textLayer: 'all-pages',
    dates: { found: ['2024-03-12', '2024-04-01'], outsidePeriod: [], period },
    signatures: { fields: [], signed: 0 },
  });
});

it('names the dates that fall outside the framework period', async () => {
  const pdf = await textPdf(['Peraturan ditetapkan 5 Januari 2019, diubah 31/12/2024 dan 15-01-2025']);
  const findings = await findingsOf(pdf, 'application/pdf');
  expect(findings.dates).toEqual({ found: ['2019-01-05', '2024-12-31', '2025-01-15'], outsidePeriod: ['2019-01-05', '2025-01-15'], period });
});

it('a scanned-only PDF has no text layer', async () => {
  const findings = await findingsOf(await scanOnlyPdf(3), 'application/pdf');
  expect(findings).toMatchObject({ opens: true, pageCount: 3, textLayer: 'none', dates: { found: [] } });
});

it('a digitally signed PDF shows its signed signature field', async () => {
  const findings = await findingsOf(await signedPdf('Berita acara 2 Mei 2024'), 'application/pdf');
  expect(findings).toMatchObject({ opens: true, pageCount: 1, textLayer: 'all-pages' });
  expect(findings.signatures).toEqual({ fields: ['Signature1'], signed: 1 });
});

it('a signature field left empty is not a signature', async () => {
  const { plainAddPlaceholder } = await import('@signpdf/placeholder-plain');
  const placeholderOnly = plainAddPlaceholder({ pdfBuffer: await textPdf(['Belum ditandatangani']), reason: 'uji', contactInfo: '', name: 'Sekda', location: 'Bandung' });
  const findings = await findingsOf(placeholderOnly, 'application/pdf');
  expect(findings.signatures).toEqual({ fields: ['Signature1'], signed: 0 });
});

it('finds a signature field on a page past PRECHECK_MAX_PAGES, and a page that cannot be opened does not fail the check', async () => {
  // Page 2 is no page at all: reading the signature from the form's field tree must not need it.
  const outcome = await pool.inspect({ bytes: signatureFieldBeyondBrokenPagePdf(), contentType: 'application/pdf', period, maxPagesForText: 1 });
  expect(outcome).toEqual({
    status: 'done',
    findings: {
      kind: 'pdf',
      opens: true,
      // Declared 3; how many a broken page tree yields is pdf.js's recovery, not this check's.
      pageCount: expect.any(Number),
      textLayer: 'all-pages',
      dates: { found: ['2024-03-12'], outsidePeriod: [], period },
      signatures: { fields: ['TandaTanganSekda'], signed: 0 },
    },
  });
});

it('a form field tree that cannot be read loses only the signature finding, and says so', async () => {
  const findings = await findingsOf(unreadableSignatureFieldPdf(), 'application/pdf');
  expect(findings).toMatchObject({ opens: true, pageCount: 1, textLayer: 'all-pages', dates: { found: ['2024-03-12'] } });
  expect(findings.signatures).toEqual({ fields: [], signed: 0, fieldsUnreadable: expect.any(String) });
  expect(notesOf(findings)).toContain('Kolom tanda tangan digital tidak dapat dibaca (struktur formulir PDF rusak); periksa secara manual.');
});

it('a corrupt PDF does not open, and says why', async () => {
  expect(await findingsOf(corruptPdf(), 'application/pdf')).toEqual({ kind: 'pdf', opens: false, problem: expect.any(String) });
});

it('a photo shows its capture date, or that it has none', async () => {
  expect(await findingsOf(photo('2024:03:12 09:30:00'), 'image/jpeg')).toEqual({
    kind: 'image',
    opens: true,
    captureDate: expect.stringMatching(/^2024-03-1[12]T/),
  });
  expect(await findingsOf(photo(), 'image/jpeg')).toMatchObject({ kind: 'image', captureDate: null });
});

it('a ZIP lists its entries', async () => {
  const zip = zipArchive([
    ['sk-bupati.pdf', Buffer.from('%PDF-1.7 satu')],
    ['lampiran/foto.jpg', Buffer.alloc(300, 1)],
  ]);
  expect(await findingsOf(zip, 'application/zip')).toEqual({
    kind: 'zip',
    opens: true,
    zipEntries: [
      { name: 'sk-bupati.pdf', sizeBytes: 13 },
      { name: 'lampiran/foto.jpg', sizeBytes: 300 },
    ],
  });
});

it('stops a pathological PDF at the per-file limit, and the same pool goes on checking the next files', async () => {
  const tight = new InspectionPool({ timeMs: 15_000, memoryMb: 64 }, 1);
  try {
    const request = (bytes: Buffer) => ({ bytes, contentType: 'application/pdf', period, maxPagesForText: 50 });
    expect(await tight.inspect(request(await textPdf(['Sebelumnya 1 Juni 2024'])))).toMatchObject({ status: 'done' });
    expect(await tight.inspect(request(pathologicalPdf()))).toEqual({ status: 'stopped', reason: expect.stringMatching(/^(time|memory)-limit$/) });
    expect(await tight.inspect(request(await textPdf(['Setelahnya 1 Juli 2024'])))).toMatchObject({ status: 'done', findings: { opens: true } });
  } finally {
    await tight.close();
  }
});

it('a time limit stops only the file that ran over it, on a thread of its own', async () => {
  const quick = new InspectionPool({ timeMs: 1, memoryMb: 64 }, 1);
  try {
    expect(await quick.inspect({ bytes: await textPdf(['Lambat']), contentType: 'application/pdf', period, maxPagesForText: 50 })).toEqual({ status: 'stopped', reason: 'time-limit' });
  } finally {
    await quick.close();
  }
  expect(await findingsOf(await textPdf(['Lanjut 2 Juli 2024']), 'application/pdf')).toMatchObject({ opens: true });
});

describe('datesIn', () => {
  it('reads Indonesian and ISO dates once each and ignores impossible ones', () => {
    expect(datesIn('17 Agustus 1945; 17 agt 2024; 30/02/2024; 2024-08-17; 17-08-2024; 32 Mei 2024')).toEqual(['1945-08-17', '2024-08-17']);
  });
});
