import type { AuthPrincipal } from '@mcp/auth';
import { deadLetterTopicOf, DecisionRefused, EvidenceVerified, type DecisionRefusedV1, type EvidenceVerifiedV1 } from '@mcp/contracts';
import { EventTap } from '@mcp/messaging/testing';
import { queryTestDatabase, testKafkaClient, testToken, waitFor } from '@mcp/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import request from 'supertest';
import { YearsService } from '../../services/scoring/src/years/years.service';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Agreement after a refusal (docs/decisions.md #74), over real Kafka and Postgres: a decision made
 * just before its year closes reaches scoring after the close. Reproduced exactly: scoring is
 * stopped while the verifier decides (verification does not know of the close yet, so it accepts),
 * the year is closed by scoring's own code, and scoring then starts and receives the decision.
 * Scoring must not count it and must say so; verification, submissions and reporting's evidence
 * trail (#120) must show the same.
 */
const PEMDA = '32.73';
const YEAR = 2024;
const platform = new PlatformUnderTest();
const tap = new EventTap(testKafkaClient('decision-refusals'));
let operator: string;
let verifier: string;
const admin: AuthPrincipal = { subject: 'admin-kpk', roles: ['admin'] };
let adminToken: string;

const http = (service: string) => request(platform.http(service) as never);

function upload(subIndicatorCode: string) {
  return http('submissions')
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${operator}`)
    .field('pemdaCode', PEMDA)
    .field('year', String(YEAR))
    .field('subIndicatorCode', subIndicatorCode)
    .field('claimedValue', '100')
    .attach('file', Buffer.from(`%PDF-1.7 bukti ${subIndicatorCode}`), `SK ${subIndicatorCode}.pdf`);
}

async function claimTask(): Promise<{ id: string; subIndicatorCode: string }> {
  return waitFor('a task to be claimable', async () => {
    const response = await http('verification').post('/v1/tasks/claim').set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? response.body : undefined;
  });
}

async function approve(taskId: string) {
  const decided = await http('verification').post(`/v1/tasks/${taskId}/decision`).set('Authorization', `Bearer ${verifier}`).send({ outcome: 'approved', verifiedValue: 100 });
  expect(decided.status).toBe(201);
  return decided.body as { decisionId: string };
}

async function scoredItems(): Promise<string[]> {
  const rows = await queryTestDatabase<{ code: string }>(
    'SELECT sub_indicator_code AS code FROM scoring.sub_indicator_value WHERE pemda_code = $1 AND year = $2 ORDER BY 1',
    [PEMDA, YEAR],
  );
  return rows.map((row) => row.code);
}

beforeAll(async () => {
  await platform.prepare();
  await tap.start([EvidenceVerified.topic, DecisionRefused.topic, deadLetterTopicOf(EvidenceVerified.topic)]);
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  adminToken = await testToken({ role: 'admin', subject: 'admin-kpk' });
}, 180_000);

afterAll(async () => {
  await tap.stop();
  await platform.stopAll();
});

describe('a decision that reaches scoring after its year closed', () => {
  it('is refused by scoring, announced, and shown as not counted by verification and submissions', async () => {
    // The example framework's upload deadline has passed: the admin extends it for this Pemda.
    const extension = await http('submissions')
      .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ year: YEAR, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji penolakan penilaian' });
    expect(extension.status).toBe(201);
    expect((await upload('PRC.1.1')).status).toBe(201);
    expect((await upload('ANG.1.1')).status).toBe(201);

    // A decision made while the year is open counts.
    const first = await claimTask();
    await approve(first.id);
    await waitFor('scoring to count the first decision', async () => ((await scoredItems()).includes(first.subIndicatorCode) ? true : undefined));

    // The race: the second decision is made, and the year closes before scoring reads it.
    const second = await claimTask();
    await platform.stop('scoring');
    const late = await approve(second.id);
    await platform.withContext('scoring', (context) => context.get(YearsService).close(admin, YEAR));
    await platform.start('scoring');

    const verified = await waitFor('the late decision on Kafka', () => tap.of<EvidenceVerifiedV1>(EvidenceVerified.type).find((event) => event.data.decisionId === late.decisionId));
    const refused = await waitFor('scoring to announce the refusal', () =>
      tap.of<DecisionRefusedV1>(DecisionRefused.type).find((event) => event.data.decisionId === late.decisionId),
    );
    expect(refused.source).toBe('/mcp/scoring');
    expect(refused.data).toMatchObject({
      taskId: second.id,
      pemdaCode: PEMDA,
      year: YEAR,
      subIndicatorCode: second.subIndicatorCode,
      outcome: 'approved',
      reasonCode: 'year_closed',
      refusedEventId: verified.id,
    });
    expect(refused.data.reason).toContain(`Tidak dihitung: tahun ${YEAR} sudah ditutup`);

    // Scoring: not counted, recorded with the event id, audited, and not a dead letter.
    expect(await scoredItems()).toEqual([first.subIndicatorCode]);
    expect(await queryTestDatabase('SELECT 1 FROM scoring.decision_log WHERE decision_id = $1', [late.decisionId])).toEqual([]);
    expect(await queryTestDatabase('SELECT event_id, reason_code FROM scoring.refused_decision WHERE decision_id = $1', [late.decisionId])).toEqual([
      { event_id: verified.id, reason_code: 'year_closed' },
    ]);
    const audited = await queryTestDatabase<{ actor_subject: string; written_by: string }>(
      `SELECT actor_subject, written_by FROM audit.entry WHERE action = 'decision.refused' AND subject_ids->>'decisionId' = $1`,
      [late.decisionId],
    );
    expect(audited).toEqual([{ actor_subject: 'scoring', written_by: 'mcp_scoring' }]);
    expect(tap.events.filter((event) => event.topic === deadLetterTopicOf(EvidenceVerified.topic))).toEqual([]);

    // Verification: the decision stays, marked as not counted with scoring's reason; the counted one is untouched.
    const lateTask = await waitFor('verification to mark the decision', async () => {
      const response = await http('verification').get(`/v1/tasks/${second.id}`).set('Authorization', `Bearer ${adminToken}`);
      return response.body.decisions?.[0]?.counted === false ? response.body : undefined;
    });
    expect(lateTask.decisions[0]).toMatchObject({ id: late.decisionId, counted: false, notCountedReasonCode: 'year_closed', notCountedReason: refused.data.reason });
    const firstTask = await http('verification').get(`/v1/tasks/${first.id}`).set('Authorization', `Bearer ${adminToken}`);
    expect(firstTask.body.decisions[0]).toMatchObject({ counted: true, notCountedReason: null });
    const history = await http('verification').get(`/v1/tasks/${second.id}/history`).set('Authorization', `Bearer ${adminToken}`);
    expect(JSON.stringify(history.body)).toContain('decision_not_counted');

    // Submissions: the Pemda sees the item as not counted, with the reason; the other stays approved.
    const progress = await waitFor('submissions to show the refusal', async () => {
      const response = await http('submissions').get(`/v1/pemda/${PEMDA}/progress?year=${YEAR}`).set('Authorization', `Bearer ${operator}`);
      const item = response.body.items?.find((candidate: { subIndicatorCode: string }) => candidate.subIndicatorCode === second.subIndicatorCode);
      return item?.status === 'not_counted' ? response.body : undefined;
    });
    const itemOf = (code: string) => progress.items.find((item: { subIndicatorCode: string }) => item.subIndicatorCode === code);
    expect(itemOf(second.subIndicatorCode)).toMatchObject({ status: 'not_counted', verifiedValue: 100, notCountedReason: refused.data.reason });
    expect(itemOf(first.subIndicatorCode)).toMatchObject({ status: 'approved', notCountedReason: null });
    expect(progress.counts).toMatchObject({ approved: 1, not_counted: 1 });

    // Reporting: the refused decision is never the one in force, so its figures agree with the score.
    // Detail export columns: 0 Kode Pemda … 7 Kode Subindikator … 12 Status, 13 Nilai Verifikasi, 14 Tanggal Keputusan.
    const detailRow = (records: string[][], code: string) => records.find((row) => row[0] === PEMDA && row[7] === code);
    const detail = await waitFor('reporting to show the refusal', async () => {
      const response = await http('reporting').get(`/v1/reports/detail/export?year=${YEAR}&format=csv`).set('Authorization', `Bearer ${adminToken}`);
      if (response.status !== 200) return undefined;
      const records: string[][] = parseCsv(response.text, { bom: true });
      return detailRow(records, second.subIndicatorCode)?.[12] === 'Tidak dihitung' ? records : undefined;
    });
    expect(detailRow(detail, second.subIndicatorCode)?.slice(12, 15)).toEqual(['Tidak dihitung', '', '']);
    expect(detailRow(detail, first.subIndicatorCode)?.slice(12, 14)).toEqual(['Disetujui', '100']);
    const gap = await http('reporting').get(`/v1/reports/pemda/${PEMDA}/claim-gap?year=${YEAR}`).set('Authorization', `Bearer ${operator}`);
    expect(gap.status).toBe(200);
    expect(gap.body.decided).toBe(1);
  });
});
