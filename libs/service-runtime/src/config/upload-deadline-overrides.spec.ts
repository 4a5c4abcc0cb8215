import { ConfigError, loadConfig } from './load-config';
import { ServiceConfig } from './service-config';
import { parseDeadlineOverrides, UploadDeadlineOverridesSetting } from './upload-deadline-overrides';

class DeadlineReadingConfig extends ServiceConfig {
  @UploadDeadlineOverridesSetting()
  UPLOAD_DEADLINES: string[] = [];
}

describe('UPLOAD_DEADLINES', () => {
  it('reads a year per entry, each an instant with its offset, and nothing when unset or empty', () => {
    const config = loadConfig(DeadlineReadingConfig, { PORT: '3001', UPLOAD_DEADLINES: '2024=2025-01-05T23:59:59+07:00, 2025=2025-11-30T16:59:59Z' });
    expect(parseDeadlineOverrides(config.UPLOAD_DEADLINES)).toEqual(
      new Map([
        [2024, new Date('2025-01-05T16:59:59Z')],
        [2025, new Date('2025-11-30T16:59:59Z')],
      ]),
    );
    expect(loadConfig(DeadlineReadingConfig, { PORT: '3001' }).UPLOAD_DEADLINES).toEqual([]);
    expect(loadConfig(DeadlineReadingConfig, { PORT: '3001', UPLOAD_DEADLINES: '' }).UPLOAD_DEADLINES).toEqual([]);
  });

  it('refuses an entry without a year or an offset, or a date that does not exist, naming the variable', () => {
    for (const value of ['2025-11-30T23:59:59+07:00', '2025=2025-11-30T23:59:59', '2025=30/11/2025', '2025=2025-13-01T00:00:00Z', '2025=2025-02-30T00:00:00+07:00', '2025=2025-11-30T24:00:00Z', '2025=2025-11-30T23:59:59+25:00', '2025=2025-11-30T23:59:59+07:99']) {
      expect(() => loadConfig(DeadlineReadingConfig, { PORT: '3001', UPLOAD_DEADLINES: value })).toThrow(ConfigError);
      expect(() => loadConfig(DeadlineReadingConfig, { PORT: '3001', UPLOAD_DEADLINES: value })).toThrow(/UPLOAD_DEADLINES entries must look like/);
    }
  });
});
