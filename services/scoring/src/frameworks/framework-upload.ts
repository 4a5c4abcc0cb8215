import { readFrameworkWorkbook, type CellLocation } from '@mcp/master-data';
import { DomainError } from '@mcp/service-runtime';

/** What an admin sent: a JSON body, or a file (.json or .xlsx) in a multipart form. */
export type FrameworkUpload =
  | { kind: 'json-body'; body: unknown }
  | { kind: 'file'; fileName: string; content: Buffer };

export interface UploadedDocument {
  document: unknown;
  /** Where a document path sits in the uploaded workbook (XLSX only). */
  locate: (path: string) => CellLocation | undefined;
  /** Problems found before validation (an unreadable file, an unknown parent code in a workbook). */
  problems: ({ path: string; message: string } & Partial<CellLocation>)[];
  source: string;
}

const NOWHERE = () => undefined;

export async function uploadedDocument(upload: FrameworkUpload): Promise<UploadedDocument> {
  if (upload.kind === 'json-body') return { document: upload.body, locate: NOWHERE, problems: [], source: 'json' };
  const name = upload.fileName.toLowerCase();
  if (name.endsWith('.xlsx')) {
    const workbook = await readFrameworkWorkbook(upload.content);
    return {
      document: workbook.document,
      locate: workbook.locate,
      problems: workbook.problems.map((problem) => ({ path: '', ...problem })),
      source: upload.fileName,
    };
  }
  if (name.endsWith('.json')) return { ...parseJsonFile(upload.content), locate: NOWHERE, source: upload.fileName };
  throw new DomainError(
    'invalid-input',
    'UNSUPPORTED_FRAMEWORK_FILE',
    `Berkas ${upload.fileName} tidak didukung: unggah .json atau .xlsx (upload a .json or .xlsx file)`,
  );
}

function parseJsonFile(content: Buffer): Pick<UploadedDocument, 'document' | 'problems'> {
  try {
    return { document: JSON.parse(content.toString('utf8')), problems: [] };
  } catch (error) {
    return { document: {}, problems: [{ path: '', message: `bukan JSON yang sah: ${(error as Error).message}` }] };
  }
}
