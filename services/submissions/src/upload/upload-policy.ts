import { fileTypeFromBuffer } from 'file-type';
import type { SubmissionsConfig } from '../submissions-config';
import { evidenceFileType, type EvidenceFileType } from './file-types';
import { UploadErrors } from './upload-errors';
import type { ZipLimits } from './zip-inspection';

export const UPLOAD_POLICY = Symbol('UPLOAD_POLICY');

/** What an upload must satisfy, from configuration. */
export interface UploadPolicy {
  maxBytes: number;
  allowed: EvidenceFileType[];
  zip: ZipLimits;
  /** Bytes one Pemda may keep in storage altogether (PEMDA_STORAGE_QUOTA_BYTES). */
  pemdaQuotaBytes: number;
}

export function uploadPolicyOf(config: SubmissionsConfig): UploadPolicy {
  return {
    maxBytes: config.MAX_UPLOAD_BYTES,
    allowed: config.ALLOWED_FILE_TYPES.map((name) => evidenceFileType(name)).filter((type) => type !== undefined),
    zip: { maxEntries: config.MAX_ZIP_ENTRIES, maxUncompressedBytes: config.MAX_ZIP_UNCOMPRESSED_BYTES },
    pemdaQuotaBytes: config.PEMDA_STORAGE_QUOTA_BYTES,
  };
}

/** The type from the content's magic bytes; the name and the declared Content-Type are never asked. */
export async function detectFileType(head: Buffer, policy: UploadPolicy): Promise<EvidenceFileType> {
  const detected = await fileTypeFromBuffer(head);
  const allowed = policy.allowed.find((type) => type.name === detected?.ext);
  if (!allowed) throw UploadErrors.unsupportedType(detected?.ext, policy.allowed.map((type) => type.label));
  return allowed;
}
