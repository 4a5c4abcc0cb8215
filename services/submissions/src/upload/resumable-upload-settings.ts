import type { SubmissionsConfig } from '../submissions-config';

export const RESUMABLE_UPLOAD_SETTINGS = Symbol('RESUMABLE_UPLOAD_SETTINGS');

export interface ResumableUploadSettings {
  maxBytes: number;
  stagingDir: string;
  expiryMs: number;
  /**
   * How long after the deadline the last byte of an upload begun on time may arrive: as long as a
   * form upload begun on time may take (UPLOAD_REQUEST_TIMEOUT_MINUTES). Without a bound, an upload
   * created a minute before the deadline could have its content chosen until it expires, a day later.
   */
  lateFinishMs: number;
}

export function resumableUploadSettingsOf(config: SubmissionsConfig): ResumableUploadSettings {
  return {
    maxBytes: config.RESUMABLE_MAX_UPLOAD_BYTES,
    stagingDir: config.RESUMABLE_STAGING_DIR,
    expiryMs: config.RESUMABLE_EXPIRY_MINUTES * 60_000,
    lateFinishMs: config.UPLOAD_REQUEST_TIMEOUT_MINUTES * 60_000,
  };
}
