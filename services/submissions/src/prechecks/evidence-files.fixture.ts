import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import forge from 'node-forge';
import { generateKeyPairSync } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/**
 * Evidence files of every kind the pre-checks must recognise, made by the test itself: text PDFs
 * (with dates in and out of the period), a scan-only PDF, a digitally signed PDF (a real CMS
 * signature with a throwaway certificate), a corrupt PDF, photos with and without a capture date,
 * and a PDF built to exhaust whoever parses it.
 */
export function textPdf(pages: string[]): Promise<Buffer> {
  return renderPdf((document) =>
    pages.forEach((text, index) => {
      if (index > 0) document.addPage();
      document.fontSize(12).text(text);
    }),
  );
}

/** Pages of drawing only, as a scanner without OCR leaves them: nothing to select or search. */
export function scanOnlyPdf(pageCount: number): Promise<Buffer> {
  return renderPdf((document) => {
    for (let index = 0; index < pageCount; index++) {
      if (index > 0) document.addPage();
      document.rect(50, 50, 400, 600).fill('#777777');
    }
  });
}

export async function signedPdf(text: string): Promise<Buffer> {
  const unsigned = await textPdf([text]);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: unsigned,
    reason: 'Pengesahan dokumen',
    contactInfo: 'sekretariat@pemda.example',
    name: 'Sekretaris Daerah',
    location: 'Bandung',
  });
  return new SignPdf().sign(withPlaceholder, new P12Signer(throwawayCertificate(), { passphrase: 'uji' }));
}

export function corruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R'), Buffer.alloc(2048, 0x9c)]);
}

/** A JPEG whose EXIF says when it was taken (`YYYY:MM:DD HH:MM:SS`), or none at all. */
export function photo(capturedAt?: string): Buffer {
  const start = Buffer.from([0xff, 0xd8]);
  const end = Buffer.from([0xff, 0xd9]);
  if (!capturedAt) return Buffer.concat([start, end]);
  // TIFF little-endian: IFD0 points to the Exif IFD, which holds DateTimeOriginal (0x9003).
  const tiff = Buffer.alloc(8 + 18 + 18 + 20);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8769, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  tiff.writeUInt16LE(1, 26);
  tiff.writeUInt16LE(0x9003, 28);
  tiff.writeUInt16LE(2, 30);
  tiff.writeUInt32LE(20, 32);
  tiff.writeUInt32LE(44, 36);
  tiff.writeUInt32LE(0, 40);
  tiff.write(`${capturedAt}\0`, 44, 'latin1');
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([start, app1, payload, end]);
}

/**
 * One page whose small compressed content stream unpacks into millions of text operations: the
 * parser's memory and time grow with them, whatever limits it was given.
 */
export function pathologicalPdf(unpackedMegabytes = 80): Buffer {
  const operation = Buffer.from('BT /F1 1 Tf 1 0 0 1 10 10 Tm (x) Tj ET\n', 'latin1');
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    { flateStream: Buffer.alloc(unpackedMegabytes * 1024 * 1024, operation) },
  ]);
}

/**
 * Three pages, the last holding an empty signature field, and a middle page that is not a page at
 * all (object 4 is a number): a reader that opens every page to find signatures fails on page 2,
 * one that follows the form's field tree does not.
 */
export function signatureFieldBeyondBrokenPagePdf(): Buffer {
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents 8 0 R >>',
    '404',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [6 0 R] >>',
    '<< /FT /Sig /T (TandaTanganSekda) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 5 0 R /F 4 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    { flateStream: Buffer.from('BT /F1 12 Tf 72 720 Td (Ditetapkan 12 Maret 2024) Tj ET\n', 'latin1') },
  ]);
}

/**
 * Text on its one page and a signature field the AcroForm lists, but whose cross-reference entry
 * points at the wrong byte: the form's field tree cannot be read, the page can.
 */
export function unreadableSignatureFieldPdf(): Buffer {
  const pdf = assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /FT /Sig /T (TandaTanganSekda) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 4 >>',
    { flateStream: Buffer.from('BT /F1 12 Tf 72 720 Td (Ditetapkan 12 Maret 2024) Tj ET\n', 'latin1') },
  ]);
  const text = pdf.toString('latin1');
  const table = text.lastIndexOf('\nxref\n') + 1;
  const entries = text.slice(table);
  const fieldEntry = entries.split('\n')[2 + 5];
  // Three bytes into the object: no `5 0 obj` where the table says, which pdf.js does not repair here.
  const wrongOffset = String(Number(fieldEntry.slice(0, 10)) + 3).padStart(10, '0');
  return Buffer.from(text.slice(0, table) + entries.replace(fieldEntry, `${wrongOffset} 00000 n `), 'latin1');
}

/** A PDF from its objects in order (object n is entry n-1), with a correct cross-reference table. */
function assemblePdf(objects: Array<string | { flateStream: Buffer }>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  const push = (part: Buffer) => {
    parts.push(part);
    length += part.length;
  };
  objects.forEach((body, index) => {
    offsets.push(length);
    if (typeof body === 'string') {
      push(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
      return;
    }
    const content = deflateSync(body.flateStream, { level: 9 });
    push(Buffer.from(`${index + 1} 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'));
    push(content);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  const xref = length;
  const size = objects.length + 1;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  push(Buffer.from(`xref\n0 ${size}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function renderPdf(draw: (document: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Uncompressed and without object streams, so a signature placeholder can be added in place.
    const document = new PDFDocument({ compress: false, info: { CreationDate: new Date('2024-06-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    draw(document);
    document.end();
  });
}

function throwawayCertificate(): Buffer {
  // Node makes the key (natively, in milliseconds); forge only wraps it in a certificate and a P12.
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = {
    privateKey: forge.pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date('2024-01-01T00:00:00Z');
  certificate.validity.notAfter = new Date('2034-01-01T00:00:00Z');
  const subject = [{ name: 'commonName', value: 'Sekretaris Daerah Uji' }, { name: 'organizationName', value: 'Pemda Uji' }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], 'uji', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
