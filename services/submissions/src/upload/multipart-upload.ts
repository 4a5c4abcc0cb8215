import busboy, { type Busboy, type FileInfo } from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { EvidenceStorage } from '../storage/evidence-storage';
import type { UploadPolicy } from './upload-policy';
import { UploadErrors } from './upload-errors';
import { storeEvidenceFile, type FileAllowance, type ReceivedFile } from './store-file';

export type { FileAllowance, ReceivedFile } from './store-file';

export interface ReceivedUpload {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

/**
 * Called when the file part begins, with the text fields seen so far: throwing refuses the upload
 * before a byte of the file is stored (clients that send the fields first get a refusal at once).
 * It may return a FileAllowance.
 */
export type BeforeFile = (fields: Record<string, string>) => Promise<FileAllowance | void>;

const LIMITS = { files: 1, fields: 20, parts: 25, fieldSize: 4096 };

/**
 * Reads one multipart upload as it arrives: the file goes straight to storage while it is hashed
 * (SHA-256) and counted, never whole in memory; past the size limit the stream is cut and the
 * partial object removed. Its type is decided from its first bytes, and a ZIP container is
 * inspected before it is accepted. Any refusal leaves nothing in storage.
 */
export function receiveUpload(
  request: IncomingMessage,
  storage: EvidenceStorage,
  policy: UploadPolicy,
  beforeFile: BeforeFile,
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    let parser: Busboy;
    try {
      // busboy reports 'limit' on reaching fileSize, not on passing it: one byte more tells the two apart.
      parser = busboy({
        headers: request.headers,
        limits: { ...LIMITS, fileSize: policy.maxBytes + 1 },
        // Browsers send `filename="…"` as raw UTF-8; busboy's default (latin1) turns `é` into `Ã©`.
        defParamCharset: 'utf8',
        // Only the last path segment of the name: a client's folders are nobody's business here.
        preservePath: false,
      });
    } catch {
      request.resume();
      reject(UploadErrors.notMultipart());
      return;
    }
    const fields: Record<string, string> = {};
    let fileTask: Promise<ReceivedFile | undefined> = Promise.resolve(undefined);
    let fileStream: Readable | undefined;
    let failure: unknown;

    // The rest of the request is read and discarded, so the client gets the answer at once and
    // the connection stays usable; the partial object is gone before the answer is sent.
    const fail = (error: unknown) => {
      if (failure) return;
      failure = error;
      request.unpipe(parser);
      request.resume();
      fileStream?.destroy(error instanceof Error ? error : new Error(String(error)));
      void fileTask.then(async (file) => {
        if (file) await storage.remove(file.key);
      }).finally(() => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (name === 'file') return fail(UploadErrors.fileNotAFile());
      if (info.valueTruncated) return fail(UploadErrors.fieldTooLong(name));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(UploadErrors.unexpectedFileField(name));
      }
      fileStream = stream;
      // Whoever reads the stream sees its failure; this only keeps a failure before that unheard.
      stream.on('error', () => undefined);
      stream.once('limit', () => fail(UploadErrors.tooLarge(policy.maxBytes)));
      fileTask = storeFile(stream, info, { ...fields }).catch((error: unknown) => {
        fail(error);
        return undefined;
      });
    });
    parser.on('filesLimit', () => fail(UploadErrors.oneFileOnly()));
    parser.on('fieldsLimit', () => fail(UploadErrors.tooManyFields()));
    parser.on('partsLimit', () => fail(UploadErrors.tooManyFields()));
    parser.on('error', (error: Error) => fail(UploadErrors.malformed(error.message)));
    parser.on('close', () => {
      void fileTask.then((file) => {
        if (!failure) resolve({ fields, file });
      });
    });
    // A client that goes away mid-upload never lets busboy finish: end the file stream ourselves.
    request.on('close', () => {
      if (!request.complete) fail(UploadErrors.malformed('koneksi terputus sebelum unggahan selesai'));
    });
    request.pipe(parser);

    async function storeFile(stream: Readable, info: FileInfo, fieldsSoFar: Record<string, string>): Promise<ReceivedFile> {
      const allowance = await beforeFile(fieldsSoFar);
      // The upload may have been refused meanwhile (a second file, a dropped connection).
      if (failure) throw failure;
      return storeEvidenceFile(stream, info.filename ?? '', storage, policy, allowance ?? undefined);
    }
  });
}
