import { lastPublishedAuditHeads, verifyAuditTrail } from '@mcp/audit-trail';
import { AuditHead, type AuditHeadV1 } from '@mcp/contracts';
import { EventTap } from '@mcp/messaging/testing';
import { queryTestDatabase, testDatabaseUrl, testKafkaBrokers, testKafkaClient, testKafkaSasl, testToken, waitFor } from '@mcp/testing';
import { Client } from 'pg';
import request from 'supertest';
import { AuditHeadPublisher } from '../../services/reporting/src/audit-head/audit-head-publisher';
import { PlatformUnderTest } from './platform-under-test';

/*
 * Every audited act through the real services (each connected as its own Postgres role): the
 * rows say who, what and which; the chain verifies; reporting publishes its head as
 * mcp.audit.head.v1, against which the chain verifies too.
 */
const PEMDA = '32.73';
// Every decision sampled, so a QA review exists to confirm; the head is published on demand.
const platform = new PlatformUnderTest({ QA_SAMPLE_PERCENT: '100', AUDIT_HEAD_INTERVAL_MS: '0' });
const tap = new EventTap(testKafkaClient('audit-trail-flows'));
let operator: string;
let verifier: string;
let qa: string;
let admin: string;
let analyst: string;

interface AuditRow {
  action: string;
  actor_subject: string;
  actor_roles: string;
  on_behalf_of_pemda: string | null;
  pemda_code: string | null;
  year: number | null;
  written_by: string;
  subject_ids: Record<string, string>;
  details: Record<string, unknown> | null;
}

/** When this spec began: rows sealed since are its own (specs run one at a time). */
let startedAt = '';

/** In the order they were sealed, whichever lane took them. */
async function auditRows(): Promise<AuditRow[]> {
  return queryTestDatabase<AuditRow>('SELECT * FROM audit.entry WHERE recorded_at > $1 ORDER BY recorded_at, lane, sequence', [startedAt]);
}

const http = (service: string) => request(platform.http(service) as never);

function upload(subIndicatorCode: string, token: string) {
  return http('submissions')
    .post('/v1/evidence')
    .set('Authorization', `Bearer ${token}`)
    .field('pemdaCode', PEMDA)
    .field('year', '2024')
    .field('subIndicatorCode', subIndicatorCode)
    .field('claimedValue', '100')
    .attach('file', Buffer.from(`%PDF-1.7 bukti audit ${subIndicatorCode}`), `SK ${subIndicatorCode}.pdf`);
}

async function claimTask(): Promise<{ id: string; evidence: { evidenceId: string }[] }> {
  return waitFor('a task to be claimable', async () => {
    const response = await http('verification').post('/v1/tasks/claim').set('Authorization', `Bearer ${verifier}`);
    return response.status === 200 ? response.body : undefined;
  });
}

beforeAll(async () => {
  await platform.prepare();
  [{ startedAt }] = await queryTestDatabase<{ startedAt: string }>(`SELECT clock_timestamp()::text AS "startedAt"`);
  await tap.start([AuditHead.topic]);
  await platform.startAll();
  operator = await testToken({ role: 'pemda-operator', subject: 'operator-bandung', pemdaCode: PEMDA });
  verifier = await testToken({ role: 'verifier', subject: 'verifier-jabar', wilayah: 'III' });
  qa = await testToken({ role: 'qa', subject: 'qa-jabar', wilayah: 'III' });
  admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
  analyst = await testToken({ role: 'analyst', subject: 'analis-kpk' });
}, 180_000);

afterAll(async () => {
  await tap.stop();
  await platform.stopAll();
});

describe('the audit trail of the running platform', () => {
  it('records every state change and download, by whom and for which Pemda, as the service that made it', async () => {
    const extension = await http('submissions')
      .post(`/v1/pemda/${PEMDA}/deadline-extensions`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ year: 2024, until: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(), reason: 'Uji jejak audit' });
    expect(extension.status).toBe(201);
    expect((await upload('PRC.1.1', operator)).status).toBe(201);
    const onBehalf = await upload('ANG.1.1', admin);
    expect(onBehalf.status).toBe(201);
    expect((await http('submissions').post(`/v1/evidence/${onBehalf.body.id}/withdrawal`).set('Authorization', `Bearer ${operator}`).send({ reason: 'salah unggah' })).status).toBe(200);
    // On the item whose file was just withdrawn: a claim changes alone only while no evidence awaits a decision (#143).
    const claim = await http('submissions')
      .put(`/v1/pemda/${PEMDA}/submissions/2024/ANG.1.1/claim`)
      .set('Authorization', `Bearer ${operator}`)
      .send({ claimedValue: 50, reason: 'revisi penilaian mandiri' });
    expect(claim.status).toBe(200);

    // The withdrawn file's task weighs more in the queue than PRC.1.1's: claimed before verification hears
    // of the withdrawal, it would be cancelled under the verifier's hands (409 NOT_CLAIM_HOLDER). Once the
    // withdrawal is recorded its task is cancelled, or never made if the upload's event comes after it.
    await waitFor(
      'verification to record the withdrawal',
      async () => (await queryTestDatabase('SELECT 1 FROM verification.evidence_withdrawal WHERE evidence_id = $1', [onBehalf.body.id])).length > 0 || undefined,
    );
    const task = await claimTask();
    expect(task.evidence[0].evidenceId).not.toBe(onBehalf.body.id);
    expect((await http('submissions').get(`/v1/evidence/${task.evidence[0].evidenceId}/download`).set('Authorization', `Bearer ${verifier}`)).status).toBe(200);
    expect((await http('verification').post(`/v1/tasks/${task.id}/reassign`).set('Authorization', `Bearer ${admin}`).send({ verifier: 'verifier-jabar' })).status).toBe(200);
    const decided = await http('verification').post(`/v1/tasks/${task.id}/decision`).set('Authorization', `Bearer ${verifier}`).send({ outcome: 'approved', verifiedValue: 100 });
    expect(decided.status).toBe(201);
    const corrected = await http('verification')
      .post(`/v1/decisions/${decided.body.decisionId}/correction`)
      .set('Authorization', `Bearer ${verifier}`)
      .send({ outcome: 'approved', verifiedValue: 50, note: 'salah pilih langkah rubrik' });
    expect(corrected.status).toBe(201);
    const reviews = await http('verification').get('/v1/qa/reviews').set('Authorization', `Bearer ${qa}`);
    const pending = (reviews.body as { id: string; decision: { id: string } }[]).find((review) => review.decision.id === corrected.body.decisionId);
    expect(pending).toBeDefined();
    expect((await http('verification').post(`/v1/qa/reviews/${pending?.id}/confirm`).set('Authorization', `Bearer ${qa}`).send({})).status).toBe(200);
    // Scoring must have counted the correction before the year closes: one arriving after the close
    // is refused and audited as `decision.refused` (#74), which is another flow.
    await waitFor('scoring to count the correction', async () => {
      const counted = await queryTestDatabase('SELECT 1 FROM scoring.decision_log WHERE decision_id = $1', [corrected.body.decisionId]);
      return counted.length > 0 ? counted : undefined;
    });
    // A year out of range is a 400 before anything is read (it reached Postgres' int4 as a 500), and closes nothing.
    const outOfRange = await http('scoring').post('/v1/years/3000000000/close').set('Authorization', `Bearer ${admin}`);
    expect([outOfRange.status, outOfRange.body.error]).toEqual([400, 'INVALID_YEAR']);
    expect((await http('scoring').post('/v1/years/2024/close').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    expect((await http('verification').put('/v1/verifiers/verifier-pindah/wilayah').set('Authorization', `Bearer ${admin}`).send({ wilayah: 'II' })).status).toBe(200);
    expect((await http('verification').delete('/v1/verifiers/verifier-pindah/wilayah').set('Authorization', `Bearer ${admin}`)).status).toBe(204);
    // An admin's settings: a target (twice, so the second names the first), where KPK's events go and who is told.
    for (const target of [85, 90]) {
      expect((await http('scoring').put(`/v1/scores/pemda/${PEMDA}/target?year=2024`).set('Authorization', `Bearer ${admin}`).send({ target })).status).toBe(200);
    }
    const webhook = await http('notification')
      .post('/v1/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: 'http://127.0.0.1:9/jejak-audit', eventTypes: ['mcp.year.closed.v1'] });
    expect(webhook.status).toBe(201);
    expect((await http('notification').post(`/v1/webhooks/${webhook.body.id}/secrets`).set('Authorization', `Bearer ${admin}`)).status).toBe(201);
    const filed = await http('notification')
      .put('/v1/recipients/operator-bandung-baru')
      .set('Authorization', `Bearer ${admin}`)
      .send({ role: 'pemda-operator', pemdaCode: PEMDA, email: 'operator.baru@bandung.go.id' });
    expect(filed.status).toBe(200);
    // Every Pemda's detail leaving in one file is recorded (#203); a refused export and one of a year
    // without a framework hand nothing out and record nothing.
    expect((await http('reporting').get('/v1/reports/detail/export?year=2024&format=csv').set('Authorization', `Bearer ${operator}`)).status).toBe(403);
    expect((await http('reporting').get('/v1/reports/detail/export?year=2031&format=csv').set('Authorization', `Bearer ${analyst}`)).status).toBe(404);
    const exported = await http('reporting').get('/v1/reports/detail/export?year=2024&format=csv&asOf=2024-10-31').set('Authorization', `Bearer ${analyst}`);
    expect(exported.status).toBe(200);

    const rows = await auditRows();
    expect(rows.map((row) => row.action)).toEqual([
      'deadline.extended',
      'evidence.uploaded',
      'evidence.uploaded',
      'evidence.withdrawn',
      'claim.changed',
      'evidence.downloaded',
      'task.reassigned',
      'decision.recorded',
      'decision.corrected',
      'qa.reviewed',
      'year.closed',
      'verifier.wilayah-assigned',
      'verifier.wilayah-unassigned',
      'target.set',
      'target.set',
      'webhook.subscribed',
      'webhook.secret-rotated',
      'recipient.filed',
      'report.detail-exported',
    ]);
    expect(rows[2]).toMatchObject({ actor_subject: 'admin-kpk', actor_roles: 'admin', on_behalf_of_pemda: PEMDA, written_by: 'mcp_submissions' });
    expect(rows[1]).toMatchObject({ actor_subject: 'operator-bandung', on_behalf_of_pemda: null });
    expect(rows[5]).toMatchObject({ actor_subject: 'verifier-jabar', pemda_code: PEMDA, subject_ids: { evidenceId: task.evidence[0].evidenceId } });
    expect(rows[7]).toMatchObject({ written_by: 'mcp_verification', subject_ids: { taskId: task.id, decisionId: decided.body.decisionId } });
    expect(rows[10]).toMatchObject({ written_by: 'mcp_scoring', actor_subject: 'admin-kpk' });
    // Before #157 none of these was recorded: notification wrote nothing to the trail, and a target kept only its latest value.
    expect(rows[14]).toMatchObject({ written_by: 'mcp_scoring', actor_subject: 'admin-kpk', pemda_code: PEMDA, details: { target: 90, previous: 85 } });
    expect(rows[15]).toMatchObject({ written_by: 'mcp_notification', actor_subject: 'admin-kpk', subject_ids: { subscriptionId: webhook.body.id } });
    expect(rows[17]).toMatchObject({ written_by: 'mcp_notification', pemda_code: PEMDA, details: { role: 'pemda-operator', emailSet: true } });
    expect(rows[18]).toMatchObject({ written_by: 'mcp_reporting', actor_subject: 'analis-kpk', actor_roles: 'analyst', pemda_code: null, year: 2024, details: { format: 'csv', asOf: '2024-10-31' } });
    // The secrets and the address stay out of the append-only trail.
    expect(JSON.stringify(rows.slice(15))).not.toContain(webhook.body.secret);
    expect(JSON.stringify(rows.slice(15))).not.toContain('operator.baru@bandung.go.id');
  });

  it('publishes the head through reporting, and the chain verifies against it', async () => {
    const published = await platform.app('reporting').get(AuditHeadPublisher).publishOnce();
    expect(published).toEqual(expect.arrayContaining([expect.objectContaining({ lane: 0 })]));
    expect(await platform.app('reporting').get(AuditHeadPublisher).publishOnce()).toBeNull();
    const events = await waitFor('every published lane head on Kafka', () => {
      const heads = tap
        .of<AuditHeadV1>(AuditHead.type)
        .filter((head) => (published ?? []).some(({ lane, sequence }) => head.data.lane === lane && head.data.sequence === sequence));
      return heads.length === published?.length ? heads : undefined;
    });
    expect(events.map((event) => event.source)).toEqual(events.map(() => '/mcp/reporting'));
    const heads = events.map(({ data }) => ({ lane: data.lane ?? 0, sequence: data.sequence, rowHash: data.headHash }));
    // What `audit:verify --kafka-brokers` reads: the newest head of every lane on the topic.
    expect(await lastPublishedAuditHeads(testKafkaBrokers, testKafkaSasl('admin'))).toEqual(expect.arrayContaining(heads));
    const client = new Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      const verdict = await verifyAuditTrail(client, { published: heads });
      expect(verdict).toMatchObject({ ok: true, heads: expect.arrayContaining(heads) });
    } finally {
      await client.end();
    }
  });
});
