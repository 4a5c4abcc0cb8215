import { createEvent, eventSourceOf, YearClosed } from '@mcp/contracts';
import { publishEvents, queryTestDatabase, testToken, waitFor } from '@mcp/testing';
import request from 'supertest';
import { FakeClock, SubmissionsUnderTest } from '../../services/submissions/src/submissions-under-test';

/*
 * A closed year's scores are final (docs/decisions.md #160). Submissions learns the closing from
 * mcp.year.closed.v1 and from then refuses whatever would change the year's submissions: an upload
 * (by form or resumable), a claim change, a withdrawal, an extension. Before, an upload inside an
 * extension granted before the closing was accepted (201) and filed by verification as a task that
 * never joins the queue: never judged, never scored, and nobody told. Another year is untouched.
 */
const PEMDA = '32.73';
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
// Inside an extension the admin grants below: the general 2024 deadline has passed.
const clock = new FakeClock(new Date('2024-12-10T10:00:00+07:00'));
const service = new SubmissionsUnderTest(clock);
let operator: string;
let admin: string;

beforeAll(async () => {
  await service.start();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
}, 120_000);

afterAll(() => service.stop());

const http = () => request(service.http() as never);

function upload(subIndicatorCode: string, year = '2024') {
  return http()
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', PEMDA)
    .field('year', year)
    .field('subIndicatorCode', subIndicatorCode)
    .attach('file', pdf(`${year} ${subIndicatorCode}`), { filename: `SK ${subIndicatorCode}.pdf`, contentType: 'application/pdf' });
}

it('refuses uploads, claim changes, withdrawals and extensions for a year once it is closed, and only for that year', async () => {
  const extension = await http()
    .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
    .set('Authorization', `Bearer ${admin}`)
    .send({ year: 2024, until: '2025-01-31T23:59:59+07:00', reason: 'Gangguan jaringan di kantor Pemda' });
  expect(extension.status).toBe(201);
  const before = await upload('PRC.1.1');
  expect(before.status).toBe(201);

  await publishEvents(
    YearClosed,
    createEvent(YearClosed, { year: 2024, closedAt: '2024-12-09T17:00:00.000Z', closedBy: 'admin-kpk', finalScores: [] }, eventSourceOf(YearClosed)),
  );
  await waitFor('submissions to learn the closing', async () => (await queryTestDatabase('SELECT 1 FROM submissions.closed_year WHERE year = 2024')).length > 0 || undefined);
  // The Pemda's page is told too: the extension still runs, but nothing is accepted.
  const progress = await http().get(`/v1/pemda/${PEMDA}/progress?year=2024`).set('Authorization', `Bearer ${operator}`);
  expect(progress.body.deadline).toMatchObject({ extended: true, open: false, yearClosedAt: '2024-12-09T17:00:00.000Z' });

  const refusals = [
    await upload('PRC.1.2'),
    await http()
      .post('/v1/evidence/uploads')
      .set('Authorization', `Bearer ${operator}`)
      .set('Tus-Resumable', '1.0.0')
      .set('Upload-Length', '100')
      .set('Upload-Metadata', `pemdaCode ${Buffer.from(PEMDA).toString('base64')},year ${Buffer.from('2024').toString('base64')},subIndicatorCode ${Buffer.from('PRC.1.3').toString('base64')}`),
    await http().put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`).set('Authorization', `Bearer ${operator}`).send({ claimedValue: 50, reason: 'revisi' }),
    await http().post(`/v1/evidence/${before.body.id}/withdrawal`).set('Authorization', `Bearer ${operator}`).send({ reason: 'salah unggah' }),
    await http()
      .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ year: 2024, until: '2025-02-28T23:59:59+07:00', reason: 'Salah tahun' }),
  ];
  for (const refused of refusals) {
    const body = typeof refused.body === 'object' && refused.body !== null && 'error' in refused.body ? refused.body : JSON.parse(refused.text);
    expect([refused.status, body.error]).toEqual([409, 'YEAR_CLOSED']);
    expect(body.message).toContain('Tahun 2024 sudah ditutup pada 10 Desember 2024 pukul 00.00 WIB');
  }
  expect(await service.count(`SELECT 1 FROM submissions.evidence WHERE year = 2024`)).toBe(1);
  expect(await service.count(`SELECT 1 FROM submissions.deadline_extension WHERE year = 2024`)).toBe(1);

  // 2025 is open.
  expect((await upload('PRC.1.1', '2025')).status).toBe(201);
  const open = await http().get(`/v1/pemda/${PEMDA}/progress?year=2025`).set('Authorization', `Bearer ${operator}`);
  expect(open.body.deadline).toMatchObject({ open: true, yearClosedAt: null });
});
