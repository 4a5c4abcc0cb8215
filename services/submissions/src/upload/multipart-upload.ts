import busboy, { type Busboy, type FileInfo } from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { EVIDENCE_PREFIX, type EvidenceStorage } from '../storage/evidence-storage';
import { detectFileType, type UploadPolicy } from './upload-policy';
import { UploadErrors } from './upload-errors';
import { inspectZip } from './zip-inspection';
import type { EvidenceFileType } from './file-types';

export interface ReceivedFile {
  key: string;
  sha256: string;
  sizeBytes: number;
  type: EvidenceFileType;
  /** As the client sent it: unsanitised, for evidenceFileName only. */
  originalName: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file?: ReceivedFile;
}

/**
 * A tighter limit than MAX_UPLOAD_BYTES for this one file (the Pemda's remaining storage quota):
 * past `maxBytes` the stream is cut, the partial object removed and `refusal` is the answer.
 */
export interface FileAllowance {
  maxBytes: number;
  refusal: () => Error;
}

/**
 * Called when the file part begins, with the text fields seen so far: throwing refuses the upload
 * before a byte of the file is stored (clients that send the fields first get a refusal at once).
 * It may return a FileAllowance.
 */
export type BeforeFile = (fields: Record<string, string>) => Promise<FileAllowance | void>;

/** Enough for `file-type` to tell PDF, images and the Office ZIPs apart. */
const SNIFF_BYTES = 64 * 1024;
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
      let sizeBytes = 0;
      const allowance = await beforeFile(fieldsSoFar);
      // The upload may have been refused meanwhile (a second file, a dropped connection).
      if (failure) throw failure;
      const count = (length: number) => {
        sizeBytes += length;
        if (allowance && sizeBytes > allowance.maxBytes) {
          const refusal = allowance.refusal();
          fail(refusal);
          throw refusal;
        }
      };
      const head = await readHead(stream, SNIFF_BYTES);
      if (head.length === 0) throw UploadErrors.empty();
      const type = await detectFileType(head, policy);
      const hash = createHash('sha256');
      async function* content(): AsyncGenerator<Buffer> {
        hash.update(head);
        count(head.length);
        yield head;
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          count(chunk.length);
          yield chunk;
        }
      }
      const key = `${EVIDENCE_PREFIX}${randomUUID()}`;
      await storage.write(key, Readable.from(content()), type.mime);
      const received = { key, sha256: hash.digest('hex'), sizeBytes, type, originalName: info.filename ?? '' };
      if (type.zipContainer) await checkZip(received);
      return received;
    }

    async function checkZip(file: ReceivedFile): Promise<void> {
      const verdict = await inspectZip((range) => storage.read(file.key, range), file.sizeBytes, policy.zip);
      if (!verdict.ok) {
        await storage.remove(file.key);
        throw UploadErrors.zipRefused(verdict, policy.zip);
      }
    }
  });
}

/**
 * The first `bytes` of the stream (or all of it, if shorter), read without switching the stream
 * to flowing mode, so the rest can still be consumed afterwards.
 */
function readHead(stream: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(stream.errored ?? new Error('file stream closed'));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = () => {
      stream.off('readable', onReadable);
      stream.off('end', finish);
      stream.off('error', onError);
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      stream.off('readable', onReadable);
      stream.off('end', finish);
      reject(error);
    };
    function onReadable() {
      let chunk: Buffer | null;
      while (length < bytes && (chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= bytes) finish();
    }
    stream.on('readable', onReadable);
    stream.once('end', finish);
    stream.once('error', onError);
  });
}
