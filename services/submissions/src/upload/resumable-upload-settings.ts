import type { SubmissionsConfig } from '../submissions-config';

export const RESUMABLE_UPLOAD_SETTINGS = Symbol('RESUMABLE_UPLOAD_SETTINGS');

export interface ResumableUploadSettings {
  maxBytes: number;
  stagingDir: string;
  expiryMs: number;
}

export function resumableUploadSettingsOf(config: SubmissionsConfig): ResumableUploadSettings {
  return {
    maxBytes: config.RESUMABLE_MAX_UPLOAD_BYTES,
    stagingDir: config.RESUMABLE_STAGING_DIR,
    expiryMs: config.RESUMABLE_EXPIRY_MINUTES * 60_000,
  };
}
