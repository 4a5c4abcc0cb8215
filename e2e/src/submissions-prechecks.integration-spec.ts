import { queryTestDatabase, testToken, waitFor } from '@mcp/testing';
import request from 'supertest';
import { pathologicalPdf, photo, signedPdf, textPdf } from '../../services/submissions/src/prechecks/evidence-files.fixture';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';

/*
 * Pre-checks through the running service: files uploaded over HTTP are checked off the request
 * path by the service's own runner, and the uploader and the verifier read the findings; a
 * pathological file is stopped by the per-file limit while the service keeps answering.
 */
const PEMDA = '32.73';
const service = new SubmissionsUnderTest(new FakeClock(new Date('2024-11-20T10:00:00+07:00')), {
  PRECHECK_INTERVAL_MS: '200',
  PRECHECK_TIME_LIMIT_MS: '20000',
  PRECHECK_MEMORY_LIMIT_MB: '64',
});
let operator: string;
let otherOperator: string;
let verifier: string;
let verifierElsewhere: string;

beforeAll(async () => {
  await service.start();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  otherOperator = await testToken({ role: 'pemda-operator', subject: 'operator-cirebon', pemdaCode: '32.74' });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  verifierElsewhere = await testToken({ role: 'verifier', subject: 'verifier-papua', wilayah: 'V' });
}, 120_000);

afterAll(() => service.stop());

const http = () => request(service.http() as never);

async function upload(subIndicatorCode: string, file: Buffer, filename: string, contentType: string): Promise<string> {
  const response = await http()
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', file, { filename, contentType });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function checked(evidenceId: string, token = operator) {
  return waitFor(
    `the pre-check of ${evidenceId}`,
    async () => {
      const response = await http().get(`/v1/evidence/${evidenceId}/prechecks`).set('Authorization', `Bearer ${token}`);
      return response.body.status !== 'pending' && response.body;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
}

it('checks an uploaded PDF off the request path and shows the findings to the uploader and the verifier', async () => {
  const id = await upload('PRC.1.1', await signedPdf('SK Bupati 12 Maret 2024, mengganti SK 3 Januari 2019'), 'sk.pdf', 'application/pdf');
  const forUploader = await checked(id);
  expect(forUploader).toMatchObject({
    status: 'done',
    findings: {
      kind: 'pdf',
      opens: true,
      pageCount: 1,
      textLayer: 'all-pages',
      dates: { found: ['2024-03-12', '2019-01-03'], outsidePeriod: ['2019-01-03'] },
      signatures: { fields: ['Signature1'], signed: 1 },
    },
  });
  expect(forUploader.notes).toEqual(
    expect.arrayContaining(['Tanggal di luar periode 2024-01-01 s.d. 2024-12-31: 2019-01-03.', 'Bertanda tangan digital (1 tanda tangan).']),
  );
  const forVerifier = await http().get(`/v1/evidence/${id}/prechecks`).set('Authorization', `Bearer ${verifier}`);
  expect(forVerifier.body).toEqual(forUploader);
  expect((await http().get(`/v1/evidence/${id}/prechecks`).set('Authorization', `Bearer ${otherOperator}`)).status).toBe(403);
  // What was read from inside the file is the file's: a verifier of another wilayah, who may not
  // download it, does not read its dates and signatures either.
  expect((await http().get(`/v1/evidence/${id}/prechecks`).set('Authorization', `Bearer ${verifierElsewhere}`)).status).toBe(403);
  expect((await http().get(`/v1/evidence/${id}/download`).set('Authorization', `Bearer ${verifierElsewhere}`)).status).toBe(403);
});

it('reads a photo’s capture date and an unsigned scan-free PDF’s text', async () => {
  const photoId = await upload('PRC.1.2', photo('2024:07:01 08:15:00'), 'rapat.jpg', 'image/jpeg');
  const pdfId = await upload('PRC.1.3', await textPdf(['Notulen rapat 1 Juli 2024']), 'notulen.pdf', 'application/pdf');
  expect((await checked(photoId)).findings).toMatchObject({ kind: 'image', captureDate: expect.stringMatching(/^2024-07-0[12]T/) });
  expect((await checked(pdfId)).notes).toEqual(expect.arrayContaining(['Tidak ada tanda tangan digital.']));
});

it('stops a check its process left running after the last attempt, instead of reading "running" for good', async () => {
  const id = await upload('PRC.2.2', await textPdf(['Laporan kegiatan']), 'laporan.pdf', 'application/pdf');
  await checked(id);
  // As three processes killed mid-check leave it: running, three attempts, started long ago.
  await queryTestDatabase(
    `UPDATE submissions.evidence_precheck SET status = 'running', attempts = 3, started_at = now() - interval '1 hour', finished_at = NULL, findings = NULL
      WHERE evidence_id = $1`,
    [id],
  );
  const result = await checked(id);
  expect(result).toMatchObject({ status: 'stopped', findings: null });
  expect(result.notes[0]).toBe('Pemeriksaan otomatis dihentikan: pemeriksaan berkas ini tiga kali terhenti sebelum selesai. Verifikator memeriksa berkas ini secara manual.');
});

it('stops a pathological PDF at the per-file limit, and the service keeps answering', async () => {
  const id = await upload('PRC.2.1', pathologicalPdf(), 'aneh.pdf', 'application/pdf');
  const result = await checked(id);
  expect(result).toMatchObject({ status: 'stopped', findings: null });
  expect(result.notes[0]).toMatch(/^Pemeriksaan otomatis dihentikan: batas (waktu|memori) pemeriksaan per berkas tercapai/);
  expect((await http().get('/health')).status).toBe(200);
});
