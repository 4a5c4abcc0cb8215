import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { EVIDENCE_PREFIX, type EvidenceStorage } from '../storage/evidence-storage';
import type { EvidenceFileType } from './file-types';
import { detectFileType, type UploadPolicy } from './upload-policy';
import { UploadErrors } from './upload-errors';
import { inspectZip } from './zip-inspection';

export interface ReceivedFile {
  key: string;
  sha256: string;
  sizeBytes: number;
  type: EvidenceFileType;
  /** As the client sent it: unsanitised, for evidenceFileName only. */
  originalName: string;
}

/**
 * A tighter limit than the upload limit for this one file (the Pemda's remaining storage quota):
 * past `maxBytes` the stream is cut, the partial object removed and `refusal` is the answer.
 */
export interface FileAllowance {
  maxBytes: number;
  refusal: () => Error;
}

/** Enough for `file-type` to tell PDF, images and the Office ZIPs apart. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The file checks every upload route shares (the multipart form and the finished resumable
 * upload): the type from the first bytes, then the content streamed into a new evidence object
 * while it is hashed (SHA-256) and counted, never whole in memory, then a ZIP container
 * inspected. Any refusal leaves nothing under the new key.
 */
export async function storeEvidenceFile(
  stream: Readable,
  originalName: string,
  storage: EvidenceStorage,
  policy: UploadPolicy,
  allowance?: FileAllowance,
): Promise<ReceivedFile> {
  let sizeBytes = 0;
  const count = (length: number) => {
    sizeBytes += length;
    if (allowance && sizeBytes > allowance.maxBytes) throw allowance.refusal();
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
  const received = { key, sha256: hash.digest('hex'), sizeBytes, type, originalName };
  if (type.zipContainer) {
    const verdict = await inspectZip((range) => storage.read(key, range), sizeBytes, policy.zip);
    if (!verdict.ok) {
      await storage.remove(key);
      throw UploadErrors.zipRefused(verdict, policy.zip);
    }
  }
  return received;
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
