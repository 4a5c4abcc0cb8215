import 'reflect-metadata';
import { createEvent, deadLetterTopicOf, EvidenceVerified, exampleEvidenceVerified, type EvidenceVerifiedV1, type McpEvent } from '@mcp/contracts';
import { TopicOffsets } from '@mcp/messaging';
import type { DirectEventPublisher } from '@mcp/messaging/testing';
import { createServiceApp, loadConfig, migrateService } from '@mcp/service-runtime';
import { dropSchemas, queryTestDatabase, serviceTestEnv, startEventPublisher, testKafkaClient, waitFor } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '../../services/notification/src/clock';
import { DeadLetterWatch } from '../../services/notification/src/dead-letters/dead-letter-watch';
import { NotificationConfig } from '../../services/notification/src/notification-config';
import { TestMailServer } from '../../services/notification/src/notification-test-receivers';
import { notificationService } from '../../services/notification/src/notification.definition';
import { rerouteTasksToMapping } from '../../services/verification/src/routing/reroute-tasks';
import { LeaseWarnings } from '../../services/verification/src/tasks/lease-warnings';
import { VerificationHarness } from './verification-harness';

/*
 * Issue 10's rules for KPK staff, from the verification service's real events to people's inboxes
 * and mailboxes over real Kafka and Postgres: a reassignment tells both verifiers, a sampled
 * decision tells QA of the wilayah and never the decider, a lease about to run out warns its holder
 * once, and dead letters reach the admins once per topic per hour. Verification runs on a
 * ManualClock (02.00 WIB on 2 December 2024 in Kota Bandung, Wilayah III); notification on a
 * clock that runs from the same moment and the test can move forward an hour (a lease warning is
 * sent only while the lease's end is still ahead, #149).
 */
const STARTS_AT = '2024-12-01T19:00:00Z';

class MovableClock extends Clock {
  private offsetMs = Date.parse(STARTS_AT) - Date.now();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceMinutes(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }
}

const harness = new VerificationHarness({
  env: { CLAIM_LEASE_MINUTES: '30', LEASE_WARNING_MINUTES: '5', LEASE_WARNING_INTERVAL_MS: '0', QA_SAMPLE_PERCENT: '100' },
  startAt: STARTS_AT,
  withScoring: false,
});
const notificationClock = new MovableClock();
const mail = new TestMailServer();
let notification: INestApplication;
let publisher: DirectEventPublisher;
const tokens: Record<string, string> = {};

const PEOPLE = {
  ana: { role: 'verifier', wilayah: 'III', email: 'ana@kpk.go.id' },
  budi: { role: 'verifier', wilayah: 'III', email: 'budi@kpk.go.id' },
  citra: { role: 'verifier', wilayah: 'III', email: 'citra@kpk.go.id' },
  eka: { role: 'qa', wilayah: 'III', email: 'eka@kpk.go.id' },
  fajar: { role: 'qa', wilayah: 'IV', email: 'fajar@kpk.go.id' },
  'admin-kpk': { role: 'admin', email: 'admin@kpk.go.id' },
} as const;

const verification = (method: 'get' | 'post', path: string, who: keyof typeof PEOPLE, body: object = {}) =>
  method === 'get' ? harness.http().get(path).set('Authorization', `Bearer ${tokens[who]}`) : harness.http().post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body);

async function inbox(who: keyof typeof PEOPLE): Promise<{ kind: string; title: string; body: string }[]> {
  const response = await request(notification.getHttpServer()).get('/v1/inbox?limit=100').set('Authorization', `Bearer ${tokens[who]}`).expect(200);
  return response.body.items;
}

const deliveriesOfKind = (kind: string) =>
  queryTestDatabase<{ recipient: string; channel: string }>(
    `SELECT recipient_key AS recipient, channel FROM notification.delivery WHERE kind = $1 ORDER BY recipient_key, channel`,
    [kind],
  );

const outboxOf = (topic: string) => queryTestDatabase<{ event: McpEvent<Record<string, unknown>> }>('SELECT event FROM verification.outbox WHERE topic = $1 ORDER BY seq', [topic]);

beforeAll(async () => {
  await harness.start();
  const smtpUrl = await mail.start();
  await dropSchemas(['notification']);
  const config = loadConfig(
    NotificationConfig,
    serviceTestEnv({ SMTP_URL: smtpUrl, DELIVERY_POLL_INTERVAL_MS: '100', REMINDER_INTERVAL_MS: '0', DEAD_LETTER_CHECK_INTERVAL_MS: '0' }),
  );
  // As the service migrates itself: its copy of the Pemda and frameworks seeded, which notices name.
  await migrateService(notificationService, config);
  notification = await createServiceApp(notificationService, config, notificationClock);
  await notification.listen(0, '127.0.0.1');
  publisher = await startEventPublisher('notification-kpk-notices');
  for (const [subject, person] of Object.entries(PEOPLE)) {
    tokens[subject] = await harness.token(subject, [person.role], 'wilayah' in person ? person.wilayah : undefined);
  }
  // The recipient table is where notification learns who works where (admin API).
  for (const [subject, person] of Object.entries(PEOPLE)) {
    await request(notification.getHttpServer()).put(`/v1/recipients/${subject}`).set('Authorization', `Bearer ${tokens['admin-kpk']}`).send(person).expect(200);
  }
}, 180_000);

afterAll(async () => {
  await publisher?.stop();
  await notification?.close();
  await harness.stop();
  await mail.stop();
});

let reassigned: { id: string; evidenceChangedAt: string };

it('tells both verifiers of a reassignment: the one who lost the task and the one given it', async () => {
  await harness.upload({ pemdaCode: '32.73' });
  const claimed = await verification('post', '/v1/tasks/claim', 'ana');
  expect(claimed.body).toMatchObject({ pemdaCode: '32.73', claimedBy: 'ana' });
  const moved = await verification('post', `/v1/tasks/${claimed.body.id}/reassign`, 'admin-kpk', { verifier: 'budi' });
  expect(moved.status).toBe(200);
  reassigned = moved.body;

  const [event] = await outboxOf('mcp.task.reassigned.v1');
  expect(event.event.data).toMatchObject({ taskId: reassigned.id, fromVerifier: 'ana', toVerifier: 'budi', reassignedBy: 'admin-kpk', wilayah: 'III' });

  const given = await waitFor('budi to be told', async () => (await inbox('budi')).find((item) => item.kind === 'task.reassigned_to'));
  expect(given.title).toBe('Tugas verifikasi dialihkan kepada Anda: PRC.1.1 (Kota Bandung, 32.73)');
  expect(given.body).toContain('sebelumnya dipegang ana pada 2 Desember 2024 pukul 02.00 WIB');
  expect(given.body).toContain('Masa pegang Anda berlaku sampai 2 Desember 2024 pukul 02.30 WIB');
  const taken = await waitFor('ana to be told', async () => (await inbox('ana')).find((item) => item.kind === 'task.reassigned_from'));
  expect(taken.body).toContain('yang Anda pegang kepada budi');
  await waitFor('both e-mails', () => mail.to('budi@kpk.go.id').length === 1 && mail.to('ana@kpk.go.id').length === 1);
  expect(mail.to('budi@kpk.go.id')[0].subject).toBe('Tugas verifikasi dialihkan kepada Anda: PRC.1.1 (Kota Bandung, 32.73)');
  expect(mail.to('ana@kpk.go.id')[0].subject).toBe('Tugas verifikasi dialihkan dari Anda: PRC.1.1 (Kota Bandung, 32.73)');
  expect(await deliveriesOfKind('task.reassigned_to')).toEqual([{ recipient: 'budi', channel: 'email' }, { recipient: 'budi', channel: 'in_app' }]);
  expect(await deliveriesOfKind('task.reassigned_from')).toEqual([{ recipient: 'ana', channel: 'email' }, { recipient: 'ana', channel: 'in_app' }]);
});

it('tells QA of the wilayah that a sampled decision waits, and never the verifier who decided it', async () => {
  // Even filed as QA of the same wilayah (one person, both roles), the decider is not told.
  await request(notification.getHttpServer())
    .put('/v1/recipients/budi')
    .set('Authorization', `Bearer ${tokens['admin-kpk']}`)
    .send({ role: 'qa', wilayah: 'III', email: 'budi@kpk.go.id' })
    .expect(200);
  const decided = await verification('post', `/v1/tasks/${reassigned.id}/decision`, 'budi', {
    outcome: 'approved',
    verifiedValue: 100,
    evidenceChangedAt: reassigned.evidenceChangedAt,
  });
  expect(decided.status).toBe(201);
  const [requested] = await outboxOf('mcp.qa.review.requested.v1');
  expect(requested.event.data).toMatchObject({ decisionId: decided.body.decisionId, wilayah: 'III', decidedBy: 'budi', outcome: 'approved' });

  const waiting = await waitFor('eka to be told', async () => (await inbox('eka')).find((item) => item.kind === 'qa.review_requested'));
  expect(waiting.title).toBe('Tinjauan QA menunggu: PRC.1.1 (Kota Bandung, 32.73)');
  expect(waiting.body).toContain('Keputusan persetujuan atas sub-indikator PRC.1.1 "Penetapan SSH" tahun 2024 (Kota Bandung, 32.73, Wilayah III)');
  await waitFor('eka’s e-mail', () => mail.to('eka@kpk.go.id').some((message) => message.subject === 'Tinjauan QA menunggu: PRC.1.1 (Kota Bandung, 32.73)'));
  // Exactly QA of Wilayah III minus the decider: not budi, not fajar (Wilayah IV), nobody else.
  expect(await deliveriesOfKind('qa.review_requested')).toEqual([{ recipient: 'eka', channel: 'email' }, { recipient: 'eka', channel: 'in_app' }]);
  expect((await inbox('budi')).map((item) => item.kind)).not.toContain('qa.review_requested');
  expect(mail.to('budi@kpk.go.id').map((message) => message.subject)).not.toContainEqual(expect.stringContaining('QA'));
  expect(mail.to('fajar@kpk.go.id')).toEqual([]);
});

it('warns the holder once per lease, shortly before it runs out, however often the sweep runs', async () => {
  await harness.upload({ pemdaCode: '32.01' });
  const claimed = await verification('post', '/v1/tasks/claim', 'ana');
  expect(claimed.body).toMatchObject({ pemdaCode: '32.01', claimedBy: 'ana' });
  const sweep = harness.provider(LeaseWarnings);
  expect(await sweep.runOnce()).toBe(0); // 30 minutes left
  harness.clock.advanceMinutes(26);
  expect(await sweep.runOnce()).toBe(1);
  expect(await sweep.runOnce()).toBe(0);
  harness.clock.advanceMinutes(2);
  expect(await sweep.runOnce()).toBe(0);

  const events = await outboxOf('mcp.task.lease-expiring.v1');
  expect(events.map(({ event }) => event.data)).toEqual([expect.objectContaining({ taskId: claimed.body.id, claimedBy: 'ana' })]);
  const warning = await waitFor('ana to be warned', async () => (await inbox('ana')).find((item) => item.kind === 'task.lease_expiring'));
  expect(warning.title).toBe('Masa pegang tugas segera berakhir: PRC.1.1 (Kabupaten Bogor, 32.01)');
  expect(warning.body).toContain('berakhir pada 2 Desember 2024 pukul 02.30 WIB');
  await waitFor('ana’s e-mail', () => mail.to('ana@kpk.go.id').some((message) => message.subject?.startsWith('Masa pegang tugas segera berakhir')));
  expect(await deliveriesOfKind('task.lease_expiring')).toEqual([{ recipient: 'ana', channel: 'email' }, { recipient: 'ana', channel: 'in_app' }]);

  // An extension is a new lease: it is warned about once more, near its own end.
  expect((await verification('post', `/v1/tasks/${claimed.body.id}/extend`, 'ana')).status).toBe(200);
  expect(await sweep.runOnce()).toBe(0);
  harness.clock.advanceMinutes(26);
  expect(await sweep.runOnce()).toBe(1);
  expect(await sweep.runOnce()).toBe(0);
  expect((await outboxOf('mcp.task.lease-expiring.v1')).map(({ event }) => event.data.leaseExpiresAt)).toEqual([
    '2024-12-01T19:30:00.000Z',
    '2024-12-01T19:58:00.000Z',
  ]);
});

it('tells the admins of dead letters once, and of later ones at most once an hour', async () => {
  const deadLetters = deadLetterTopicOf(EvidenceVerified.topic);
  const offsets = new TopicOffsets(testKafkaClient('notification-kpk-notices-offsets'));
  const kept = async () => (await offsets.totals([deadLetters]))[0]?.latest ?? 0;
  // A record notification's own consumer cannot take (it breaks the schema): dead-lettered at once.
  const unreadable = (): McpEvent<EvidenceVerifiedV1> => {
    const event = createEvent(EvidenceVerified, exampleEvidenceVerified({ decisionId: randomUUID() }), '/mcp/verification');
    return { ...event, data: { ...event.data, pemdaCode: 'Bandung' } };
  };
  const watch = notification.get(DeadLetterWatch);
  const adminNotices = async () => (await inbox('admin-kpk')).filter((item) => item.kind === 'dead_letters.present');

  await publisher.publish(EvidenceVerified, unreadable());
  await waitFor('the first dead letter', async () => (await kept()) === 1);
  expect(await watch.runOnce()).toBe(1);
  expect(await watch.runOnce()).toBe(0);
  const [first] = await adminNotices();
  expect(first.title).toBe(`Pesan gagal diproses (dead letter): ${deadLetters}`);
  expect(first.body).toContain(`1 pesan baru masuk ke ${deadLetters} sejak pemberitahuan terakhir (1 pesan tersimpan)`);
  await waitFor('the admin e-mail', () => mail.to('admin@kpk.go.id').length === 1);

  await publisher.publish(EvidenceVerified, unreadable());
  await waitFor('the second dead letter', async () => (await kept()) === 2);
  expect(await watch.runOnce()).toBe(0); // within the hour: kept for the next notice
  expect(await adminNotices()).toHaveLength(1);
  notificationClock.advanceMinutes(61);
  expect(await watch.runOnce()).toBe(1);
  const notices = await adminNotices();
  expect(notices).toHaveLength(2);
  expect(notices.map((notice) => notice.body).join('\n')).toContain('1 pesan baru masuk ke mcp.evidence.verified.v1.dlq sejak pemberitahuan terakhir (2 pesan tersimpan)');
  expect(await deliveriesOfKind('dead_letters.present')).toHaveLength(4); // two notices × in-app and e-mail, to the one admin

  // A replica whose read of the offsets predates the notice just sent (another replica's) takes its
  // lock after it: it must not mistake the lower offset for a topic created again, or the next
  // notice would count both kept dead letters as new.
  const totals = jest.spyOn(TopicOffsets.prototype, 'totals').mockImplementationOnce(async () => [{ topic: deadLetters, earliest: 0, latest: 1 }]);
  try {
    expect(await watch.runOnce()).toBe(0);
  } finally {
    totals.mockRestore();
  }
  notificationClock.advanceMinutes(61);
  expect(await watch.runOnce()).toBe(0);
  expect(await adminNotices()).toHaveLength(2);
});

it('previews the new templates with sample data, in Indonesian', async () => {
  for (const [kind, subject] of [
    ['task.reassigned_to', 'Tugas verifikasi dialihkan kepada Anda'],
    ['task.reassigned_from', 'Tugas verifikasi dialihkan dari Anda'],
    ['task.lease_expiring', 'Masa pegang tugas segera berakhir'],
    ['qa.review_requested', 'Tinjauan QA menunggu'],
    ['dead_letters.present', 'Pesan gagal diproses'],
  ]) {
    const preview = await request(notification.getHttpServer()).get(`/v1/templates/${kind}/preview`).set('Authorization', `Bearer ${tokens['admin-kpk']}`).expect(200);
    expect(preview.body.subject).toContain(subject);
  }
});

it('tells a QA reviewer an admin moved to another wilayah by the new one, as verification and submissions decide (issue 12)', async () => {
  // fajar is filed as QA of Wilayah IV; the admin moves him to III in verification.
  expect((await harness.http().put('/v1/verifiers/fajar/wilayah').set('Authorization', `Bearer ${tokens['admin-kpk']}`).send({ wilayah: 'III' })).status).toBe(200);
  await waitFor('notification to learn of the move', async () =>
    (await queryTestDatabase(`SELECT 1 FROM notification.verifier_wilayah WHERE subject = 'fajar' AND wilayah = 'III'`)).length === 1 ? true : undefined,
  );
  await harness.upload({ pemdaCode: '32.04' });
  const task = await verification('post', '/v1/tasks/claim', 'ana');
  expect(task.status).toBe(200);
  const decided = await verification('post', `/v1/tasks/${task.body.id}/decision`, 'ana', { outcome: 'approved', verifiedValue: 100, evidenceChangedAt: task.body.evidenceChangedAt });
  expect(decided.status).toBe(201);
  const told = await waitFor('fajar to be told as QA of Wilayah III', async () => (await inbox('fajar')).find((item) => item.kind === 'qa.review_requested'));
  expect(told.body).toContain('Wilayah III');
});

// Last in the file: it moves the verification clock and leaves two open tasks in Wilayah III.
it('tells the holder of a claim a re-seeded wilayah mapping released, and not one whose lease had lapsed (#221)', async () => {
  // Before, the claim was cleared at migrate time without a word: the task left the holder's desk,
  // or their verdict was refused, and nothing said why.
  const taskOf = async (pemdaCode: string) => (await harness.taskOfEvidence((await harness.upload({ pemdaCode })).evidenceId)) as string;
  const [lapsed, held] = [await taskOf('32.14'), await taskOf('32.15')];
  expect((await verification('post', `/v1/tasks/${lapsed}/reassign`, 'admin-kpk', { verifier: 'ana' })).status).toBe(200);
  harness.clock.advanceMinutes(25);
  expect((await verification('post', `/v1/tasks/${held}/reassign`, 'admin-kpk', { verifier: 'citra' })).status).toBe(200);
  harness.clock.advanceMinutes(10);
  const tasks = () =>
    queryTestDatabase<{ id: string; status: string; wilayah: string; claimed_by: string | null }>(
      'SELECT id, status, wilayah, claimed_by FROM verification.task WHERE id = ANY($1::uuid[]) ORDER BY pemda_code',
      [[lapsed, held]],
    );
  // Ana's lease ran out five minutes ago, but nothing has put the task back yet; Citra's runs 20 more.
  expect((await tasks()).map((task) => task.claimed_by)).toEqual(['ana', 'citra']);

  // The mapping is reference data: edited, then seeded into verification at migrate time.
  const remap = (wilayah: string) => queryTestDatabase(`UPDATE verification.pemda SET wilayah = $1 WHERE code IN ('32.14', '32.15')`, [wilayah]);
  await remap('IV');
  const dataSource = harness.provider(DataSource);
  expect(await rerouteTasksToMapping(dataSource, harness.clock.now())).toBe(2);
  expect(await tasks()).toEqual([
    { id: lapsed, status: 'open', wilayah: 'IV', claimed_by: null },
    { id: held, status: 'open', wilayah: 'IV', claimed_by: null },
  ]);
  const history = await queryTestDatabase<{ task_id: string; detail: unknown }>(
    `SELECT task_id, detail FROM verification.task_history WHERE kind = 'rerouted' ORDER BY at, task_id`,
  );
  expect(history).toEqual(
    expect.arrayContaining([
      { task_id: lapsed, detail: { from: 'III', to: 'IV', holder: 'ana' } },
      { task_id: held, detail: { from: 'III', to: 'IV', holder: 'citra' } },
    ]),
  );
  const rerouted = () => queryTestDatabase<{ data: Record<string, unknown> }>(
    `SELECT event->'data' AS data FROM verification.outbox WHERE topic = 'mcp.task.reassigned.v1' AND event->'data'->>'reason' = 'wilayah_remapped'`,
  );
  expect((await rerouted()).map(({ data }) => data)).toEqual([
    expect.objectContaining({ taskId: held, pemdaCode: '32.15', wilayah: 'IV', fromVerifier: 'citra', toVerifier: null, leaseExpiresAt: null, reassignedBy: 'mcp-verification' }),
  ]);
  // Her token still says Wilayah III: the task is no longer hers to decide.
  expect((await verification('post', `/v1/tasks/${held}/decision`, 'citra', { outcome: 'approved', verifiedValue: 100 })).status).toBe(403);

  const told = await waitFor('citra to be told', async () => (await inbox('citra')).find((item) => item.kind === 'task.rerouted'));
  expect(told.title).toBe('Tugas verifikasi dipindahkan ke Wilayah IV: PRC.1.1 (Kabupaten Karawang, 32.15)');
  expect((await inbox('ana')).map((item) => item.kind)).not.toContain('task.rerouted');
  expect(told.body).toContain('dikembalikan ke antrean Wilayah IV');
  const movedSubject = 'Tugas verifikasi dipindahkan ke Wilayah IV: PRC.1.1 (Kabupaten Karawang, 32.15)';
  await waitFor('citra’s e-mail', () => mail.to('citra@kpk.go.id').some((message) => message.subject === movedSubject) || undefined);
  expect(await deliveriesOfKind('task.rerouted')).toEqual([{ recipient: 'citra', channel: 'email' }, { recipient: 'citra', channel: 'in_app' }]);

  // Moved back: both follow, and nobody held them, so nobody is told again.
  await remap('III');
  expect(await rerouteTasksToMapping(dataSource, harness.clock.now())).toBe(2);
  expect((await tasks()).map((task) => task.wilayah)).toEqual(['III', 'III']);
  expect(await rerouted()).toHaveLength(1);
});
