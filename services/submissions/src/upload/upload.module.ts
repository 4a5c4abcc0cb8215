import { Module, type DynamicModule } from '@nestjs/common';
import type { SubmissionsConfig } from '../submissions-config';
import { UPLOAD_POLICY, uploadPolicyOf } from './upload-policy';
import { UploadRequestTimeout, UPLOAD_REQUEST_TIMEOUT_MS } from './upload-request-timeout';
import { RESUMABLE_UPLOAD_SETTINGS, resumableUploadSettingsOf } from './resumable-upload-settings';

/** The upload limits from configuration, and the HTTP request time they need; global like the storage. */
@Module({})
export class UploadModule {
  static register(config: SubmissionsConfig): DynamicModule {
    return {
      module: UploadModule,
      global: true,
      providers: [
        { provide: UPLOAD_POLICY, useValue: uploadPolicyOf(config) },
        { provide: UPLOAD_REQUEST_TIMEOUT_MS, useValue: config.UPLOAD_REQUEST_TIMEOUT_MINUTES * 60_000 },
        { provide: RESUMABLE_UPLOAD_SETTINGS, useValue: resumableUploadSettingsOf(config) },
        UploadRequestTimeout,
      ],
      exports: [UPLOAD_POLICY, RESUMABLE_UPLOAD_SETTINGS],
    };
  }
}
