import { DomainError, ServiceMetrics } from '@mcp/service-runtime';
import { UploadMetrics } from './upload-metrics';

describe('UploadMetrics', () => {
  it('counts a refusal the sender can act on apart from a failure of ours, and bytes of stored files only', async () => {
    const metrics = new ServiceMetrics('submissions', { processMetrics: false });
    const uploads = new UploadMetrics(metrics);
    uploads.counted('stored', 1200);
    uploads.counted('same-file');
    uploads.errored(new DomainError('too-large', 'FILE_TOO_LARGE', 'Berkas terlalu besar'));
    uploads.errored(new Error('S3 tidak menjawab'));
    const { text } = await metrics.exposition();
    for (const [outcome, count] of [['stored', 1], ['same-file', 1], ['replayed', 0], ['refused', 1], ['failed', 1]] as const) {
      expect(text).toContain(`mcp_uploads_total{outcome="${outcome}",service="submissions"} ${count}`);
    }
    expect(text).toContain('mcp_upload_bytes_total{service="submissions"} 1200');
  });
});
