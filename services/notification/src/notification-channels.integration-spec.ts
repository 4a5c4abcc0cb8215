import 'reflect-metadata';
import { TokenIssuer } from '@mcp/auth';
import {
  createEvent,
  EvidenceVerified,
  exampleEvidenceVerified,
  exampleQaReviewRequested,
  exampleVerifierWilayahAssigned,
  QaReviewRequested,
  VerifierWilayahAssigned,
  type EvidenceVerifiedV1,
  type McpEvent,
} from '@mcp/contracts';
import type { DirectEventPublisher } from '@mcp/messaging/testing';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations } from '@mcp/service-runtime';
import { documentedAnswerProblems, dropSchemas, queryTestDatabase, resetTopics, serviceTestEnv, startEventPublisher, testToken, waitFor } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DeliveryDispatcher } from './dispatch/delivery-dispatcher';
import { notificationService } from './notification.definition';
import { NotificationConfig } from './notification-config';
import { TestMailServer, TestWebhookReceiver } from './notification-test-receivers';

// Papua Tengah (94) is WIT: 07.30 UTC is 16.30 WIT, which only a correct zone gives.
const PEMDA = '94.01';
const decidedAt = '2024-11-28T07:30:00.000Z';
const DISABLE_AFTER = 8;

describe('notification channels', () => {
  let app: INestApplication;
  let publisher: DirectEventPublisher;
  const mail = new TestMailServer();
  const receiver = new TestWebhookReceiver();
  let receiverUrl: string;
  let adminToken: string;
  let operatorToken: string;
  let pemdaAdminToken: string;
  const operator = `operator-${randomUUID().slice(0, 8)}`;
  const pemdaAdmin = `pemda-admin-${randomUUID().slice(0, 8)}`;
  const kpkAdmin = `admin-${randomUUID().slice(0, 8)}`;

  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    get: (path: string) => http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) => http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => http().put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  const decision = (overrides: Partial<EvidenceVerifiedV1>): McpEvent<EvidenceVerifiedV1> =>
    createEvent(
      EvidenceVerified,
      exampleEvidenceVerified({ decisionId: randomUUID(), pemdaCode: PEMDA, provinceCode: '94', decidedAt, ...overrides }),
      '/mcp/verification',
    );

  async function processed(event: McpEvent<unknown>): Promise<void> {
    await waitFor(`notification to process ${event.id}`, async () => {
      const rows = await queryTestDatabase('SELECT 1 FROM "notification"."inbox" WHERE event_id = $1', [event.id]);
      return rows.length === 1;
    }, { timeoutMs: 60_000 });
  }

  const deliveriesOf = (event: McpEvent<unknown>) =>
    queryTestDatabase<{ channel: string; recipient_key: string; status: string; attempts: number }>(
      'SELECT channel, recipient_key, status, attempts FROM "notification"."delivery" WHERE source_event_id = $1 ORDER BY channel, recipient_key',
      [event.id],
    );

  /**
   * Ends an SMTP outage once the recipients' changes made during it are certain to be read, and
   * returns the event's e-mail deliveries as they settle. A round that read the recipients before
   * the changes may still be sending: two more refused attempts on `watched`'s row mean one began
   * after them, so what goes out next is addressed as filed now (not a race a test wins by luck).
   */
  async function releaseHeldEmails(event: McpEvent<unknown>, watched: string) {
    const emailsOf = () =>
      queryTestDatabase<{ recipient_key: string; status: string; last_error: string | null; attempts: number }>(
        `SELECT recipient_key, status, last_error, attempts FROM "notification"."delivery" WHERE source_event_id = $1 AND channel = 'email'`,
        [event.id],
      );
    const attemptsOfWatched = async () => (await emailsOf()).find((row) => row.recipient_key === watched)?.attempts ?? 0;
    const attemptsAtChange = await attemptsOfWatched();
    await waitFor('two refused rounds after the changes', async () => (await attemptsOfWatched()) >= attemptsAtChange + 2);
    mail.refusing = false;
    return waitFor('the held e-mails to settle', async () => {
      const rows = await emailsOf();
      return rows.every((row) => row.status !== 'pending') && rows;
    });
  }

  async function createWebhook(path: string, failFirst = 0): Promise<{ id: string; secret: string }> {
    const response = await as(adminToken)
      .post('/v1/webhooks', { url: `${receiverUrl}${path}`, eventTypes: ['mcp.evidence.verified.v1'], pemdaCode: PEMDA })
      .expect(201);
    expect(documentedAnswerProblems('notification', 'post', '/v1/webhooks', 201, response.body)).toEqual([]);
    receiver.expect(path, [response.body.secret], failFirst);
    return response.body;
  }

  beforeAll(async () => {
    const smtpUrl = await mail.start();
    receiverUrl = await receiver.start();
    // Empty topics: events another suite left unconsumed would otherwise reach this one's group.
    await resetTopics();
    await dropSchemas(['notification']);
    const config = loadConfig(
      NotificationConfig,
      serviceTestEnv({
        SMTP_URL: smtpUrl,
        DELIVERY_POLL_INTERVAL_MS: '100',
        DELIVERY_RETRY_BASE_MS: '100',
        DELIVERY_RETRY_MAX_MS: '400',
        // Held e-mails must outlast an outage that waits on other events (about 80 s of retries).
        DELIVERY_MAX_ATTEMPTS: '200',
        WEBHOOK_DISABLE_AFTER_FAILURES: String(DISABLE_AFTER),
        // A held answer (#198's test) must not run into the receiver's deadline on a busy machine.
        WEBHOOK_TIMEOUT_MS: '60000',
      }),
    );
    await runMigrations(databaseSettingsOf(config, notificationService));
    app = await createServiceApp(notificationService, config);
    await app.listen(0);
    publisher = await startEventPublisher('notification-tests');
    adminToken = await testToken({ role: 'admin', subject: kpkAdmin });
    operatorToken = await testToken({ role: 'pemda-operator', subject: operator, pemdaCode: PEMDA });
    pemdaAdminToken = await testToken({ role: 'pemda-admin', subject: pemdaAdmin, pemdaCode: PEMDA });
    await as(adminToken).put(`/v1/recipients/${operator}`, { role: 'pemda-operator', pemdaCode: PEMDA, email: 'operator@papuatengah.go.id' }).expect(200);
    await as(adminToken).put(`/v1/recipients/${pemdaAdmin}`, { role: 'pemda-admin', pemdaCode: PEMDA, email: 'admin@papuatengah.go.id' }).expect(200);
    await as(adminToken).put(`/v1/recipients/${kpkAdmin}`, { role: 'admin', email: 'admin@kpk.go.id' }).expect(200);
  });

  afterAll(async () => {
    await publisher?.stop();
    await app?.close();
    await mail.stop();
    await receiver.stop();
  });

  it('takes a rejection to the inbox, the e-mail (in WIT) and a signed webhook; a replay changes nothing', async () => {
    const webhook = await createWebhook('/dasbor');
    const rejection = decision({ outcome: 'rejected', verifiedValue: null, reason: 'SK belum ditandatangani kepala daerah' });
    await publisher.publish(EvidenceVerified, rejection);
    await processed(rejection);

    const inbox = (await as(operatorToken).get('/v1/inbox').expect(200)).body;
    expect(inbox.unreadCount).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'decision.rejected', pemdaCode: PEMDA, title: `Dokumen ditolak: PRC.1.1 (Kabupaten Nabire, ${PEMDA})` });
    expect(inbox.items[0].body).toContain('Alasan: SK belum ditandatangani kepala daerah');

    const [email] = await waitFor('the rejection e-mail', () => mail.to('operator@papuatengah.go.id').length === 1 && mail.to('operator@papuatengah.go.id'));
    expect(email.subject).toBe(`Dokumen ditolak: PRC.1.1 (Kabupaten Nabire, ${PEMDA})`);
    expect(email.text).toContain('Alasan: SK belum ditandatangani kepala daerah');
    expect(email.text).toContain('28 November 2024 pukul 16.30 WIT');
    expect(email.html).toContain('16.30 WIT');
    expect(email.messageId).toMatch(new RegExp(`^<${rejection.id}\\.[0-9a-f]{16}@`));
    // A mandatory notice offers no unsubscribe.
    expect(email.headerLines.some((line) => line.key === 'list-unsubscribe')).toBe(false);

    const [delivered] = await waitFor('the webhook', () => receiver.at('/dasbor').length > 0 && receiver.at('/dasbor'));
    expect(delivered).toMatchObject({ verified: true, verifiedBySecret: [true], answeredWith: 200 });
    expect(delivered.body).toMatchObject({ id: rejection.id, type: 'mcp.evidence.verified.v1', data: { reason: 'SK belum ditandatangani kepala daerah' } });
    // The Pemda's system learns that a KPK verifier decided, not who (issue 12).
    expect((delivered.body as { data: { decidedBy: string } }).data.decidedBy).toBe('Verifikator KPK');
    expect(JSON.stringify(delivered.body)).not.toContain(rejection.data.decidedBy);
    expect(webhook.secret).toMatch(/^whsec_/);

    const before = await deliveriesOf(rejection);
    expect(before.map((row) => row.channel)).toEqual(['email', 'email', 'in_app', 'in_app', 'webhook']);
    await publisher.publish(EvidenceVerified, rejection);
    const marker = decision({ outcome: 'approved', verifiedValue: 100, reason: null });
    await publisher.publish(EvidenceVerified, marker);
    await processed(marker);
    for (const event of [rejection, marker]) {
      await waitFor(`every delivery of ${event.id}`, async () => (await deliveriesOf(event)).every((row) => row.status === 'sent'));
    }
    expect(await deliveriesOf(rejection)).toEqual(before.map((row) => ({ ...row, status: 'sent', attempts: row.channel === 'in_app' ? 0 : 1 })));
    expect(mail.messages.filter((message) => message.messageId === email.messageId)).toHaveLength(1);
    expect(receiver.at('/dasbor').filter((received) => (received.body as { id: string }).id === rejection.id)).toHaveLength(1);
  });

  it('pages the inbox and marks read, one or all', async () => {
    const first = (await as(operatorToken).get('/v1/inbox?limit=1').expect(200)).body;
    expect(first.items).toHaveLength(1);
    expect(first.items[0].kind).toBe('decision.approved');
    const second = (await as(operatorToken).get(`/v1/inbox?limit=1&before=${first.nextCursor}`).expect(200)).body;
    expect(second.items[0].kind).toBe('decision.rejected');
    expect(second.nextCursor).toBeNull();
    const readOne = (await as(operatorToken).post(`/v1/inbox/${second.items[0].id}/read`).expect(200, { unreadCount: 1 })).body;
    const readAll = (await as(operatorToken).post('/v1/inbox/read-all').expect(200, { marked: 1, unreadCount: 0 })).body;
    const unread = (await as(operatorToken).get('/v1/inbox/unread-count').expect(200, { unreadCount: 0 })).body;
    // The answers are what docs/openapi/notification.json says they are.
    expect([
      ...documentedAnswerProblems('notification', 'get', '/v1/inbox', 200, first),
      ...documentedAnswerProblems('notification', 'get', '/v1/inbox', 200, second),
      ...documentedAnswerProblems('notification', 'post', '/v1/inbox/{id}/read', 200, readOne),
      ...documentedAnswerProblems('notification', 'post', '/v1/inbox/read-all', 200, readAll),
      ...documentedAnswerProblems('notification', 'get', '/v1/inbox/unread-count', 200, unread),
    ]).toEqual([]);

    // Moved to another Pemda in the identity provider, the same person no longer reads this
    // Pemda's notices (docs/decisions.md #209); back in it, they are there again.
    const moved = await testToken({ role: 'pemda-operator', subject: operator, pemdaCode: '32.73' });
    expect((await as(moved).get('/v1/inbox').expect(200)).body).toMatchObject({ items: [], unreadCount: 0 });
    expect((await as(operatorToken).get('/v1/inbox').expect(200)).body.items.map(({ kind }: { kind: string }) => kind)).toEqual([
      'decision.approved',
      'decision.rejected',
    ]);
  });

  it('keeps an opted-out optional kind away and sends a mandatory one regardless', async () => {
    const switched = (await as(pemdaAdminToken).put('/v1/my/preferences', { kind: 'decision.approved', channel: 'email', enabled: false }).expect(200)).body;
    const mine = (await as(pemdaAdminToken).get('/v1/my/preferences').expect(200)).body;
    const filed = (await as(adminToken).get('/v1/recipients').expect(200)).body;
    expect(mine).toContainEqual({ kind: 'decision.approved', channel: 'email', enabled: false });
    // A manager looks up people of one role (the verifiers to move between wilayah), not all of them.
    const pemdaAdmins = (await as(adminToken).get('/v1/recipients?role=pemda-admin').expect(200)).body as { userId: string; role: string }[];
    expect(pemdaAdmins.map((person) => person.userId)).toContain(pemdaAdmin);
    expect(pemdaAdmins.every((person) => person.role === 'pemda-admin')).toBe(true);
    expect(filed.length).toBeGreaterThan(pemdaAdmins.length);
    expect((await as(adminToken).get('/v1/recipients?role=raja').expect(400)).body.error).toBe('UNKNOWN_ROLE');
    // A page starts after the user id given (every Pemda's people exceed one page): after the first, the rest.
    const ids = (filed as { userId: string }[]).map((person) => person.userId);
    const rest = (await as(adminToken).get(`/v1/recipients?after=${encodeURIComponent(ids[0])}`).expect(200)).body as { userId: string }[];
    expect(rest.map((person) => person.userId)).toEqual(ids.slice(1));
    expect([
      ...documentedAnswerProblems('notification', 'put', '/v1/my/preferences', 200, switched),
      ...documentedAnswerProblems('notification', 'get', '/v1/my/preferences', 200, mine),
      ...documentedAnswerProblems('notification', 'get', '/v1/recipients', 200, filed),
    ]).toEqual([]);
    const refused = await as(pemdaAdminToken).put('/v1/my/preferences', { kind: 'decision.rejected', channel: 'email', enabled: false }).expect(422);
    expect(refused.body.error).toBe('MANDATORY_NOTIFICATION');

    const approval = decision({ outcome: 'approved', verifiedValue: 100, reason: null });
    const rejection = decision({ outcome: 'rejected', verifiedValue: null, reason: 'Dokumen kedaluwarsa' });
    await publisher.publish(EvidenceVerified, approval, rejection);
    await processed(rejection);
    for (const event of [approval, rejection]) {
      await waitFor(`every delivery of ${event.id}`, async () => (await deliveriesOf(event)).every((row) => row.status === 'sent'));
    }
    const toPemdaAdmin = mail.to('admin@papuatengah.go.id').map((message) => message.subject);
    expect(toPemdaAdmin.filter((subject) => subject?.includes('Dokumen disetujui'))).toHaveLength(1); // the first approval, before opting out
    expect(toPemdaAdmin.filter((subject) => subject?.includes('Dokumen ditolak'))).toHaveLength(2);
    expect((await deliveriesOf(approval)).filter((row) => row.recipient_key === pemdaAdmin).map((row) => row.channel)).toEqual(['in_app']);
    // An optional kind carries a working one-click unsubscribe.
    const optional = mail.to('operator@papuatengah.go.id').find((message) => message.subject?.includes('disetujui'));
    const header = (name: string) => optional?.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '');
    const unsubscribe = String(header('list-unsubscribe')).replace(/^<|>$/g, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
    // A person clicks the same link in the body: a page that asks (opening it changes nothing), whose button posts.
    expect(optional?.text).toContain(unsubscribe);
    const page = await http().get(link).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<form method="post">');
    expect((await http().get('/v1/unsubscribe?token=forged.token')).status).toBe(400);
    const answered = await http().post(link).set('accept', 'text/html').type('form').send({}).expect(200);
    expect(answered.text).toContain('tidak akan lagi menerima e-mail jenis ini');
    // A mail client's one-click POST, and an API caller, get the preference.
    await http().post(link).expect(200, { kind: 'decision.approved', channel: 'email', enabled: false });
  });

  it('delivers every e-mail once after the SMTP server refused for a while', async () => {
    mail.refusing = true;
    const events = [1, 2, 3].map(() => decision({ outcome: 'revision_requested', verifiedValue: null, reason: 'Lampiran kurang' }));
    await publisher.publish(EvidenceVerified, ...events);
    await processed(events[2]);
    await waitFor('several refusals', () => mail.refusals >= 3);
    const waiting = await deliveriesOf(events[0]);
    expect(waiting.filter((row) => row.channel === 'email').every((row) => row.status === 'pending')).toBe(true);
    mail.refusing = false;
    for (const event of events) {
      await waitFor(`the e-mails of ${event.id}`, async () => (await deliveriesOf(event)).every((row) => row.status === 'sent'));
      const ids = mail.messages.map((message) => message.messageId).filter((id) => id?.startsWith(`<${event.id}.`));
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
    }
  });

  it('sends an e-mail held by an outage to the address filed when it goes out, and none to someone deactivated meanwhile (#149)', async () => {
    const leaving = `operator-${randomUUID().slice(0, 8)}`;
    const filed = { role: 'pemda-operator', pemdaCode: PEMDA };
    await as(adminToken).put(`/v1/recipients/${leaving}`, { ...filed, email: 'keluar@papuatengah.go.id' }).expect(200);
    mail.refusing = true;
    const refusalsBefore = mail.refusals;
    const held = decision({ outcome: 'revision_requested', verifiedValue: null, reason: 'Lampiran kurang' });
    await publisher.publish(EvidenceVerified, held);
    await processed(held);
    await waitFor('the outage to hold the e-mails', () => mail.refusals > refusalsBefore);
    // During the outage one operator leaves, and the other's address is corrected.
    await as(adminToken).put(`/v1/recipients/${leaving}`, { ...filed, email: 'keluar@papuatengah.go.id', active: false }).expect(200);
    await as(adminToken).put(`/v1/recipients/${operator}`, { ...filed, email: 'operator.baru@papuatengah.go.id' }).expect(200);
    const settled = await releaseHeldEmails(held, operator);
    const sentFor = (address: string) => mail.to(address).filter((message) => message.messageId?.startsWith(`<${held.id}.`));
    expect(sentFor('operator.baru@papuatengah.go.id')).toHaveLength(1);
    expect(sentFor('operator@papuatengah.go.id')).toEqual([]);
    expect(sentFor('keluar@papuatengah.go.id')).toEqual([]);
    expect(settled.find((row) => row.recipient_key === leaving)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('tidak aktif') });
    await as(adminToken).put(`/v1/recipients/${operator}`, { ...filed, email: 'operator@papuatengah.go.id' }).expect(200);
  });

  it('e-mails a QA sample held by an outage only to who is QA of its wilayah when it goes out (#217)', async () => {
    const suffix = randomUUID().slice(0, 8);
    const [staying, moved, madeVerifier] = [`qa-stays-${suffix}`, `qa-moved-${suffix}`, `qa-now-verifier-${suffix}`];
    for (const reviewer of [staying, moved, madeVerifier]) {
      await as(adminToken).put(`/v1/recipients/${reviewer}`, { role: 'qa', wilayah: 'V', email: `${reviewer}@kpk.go.id` }).expect(200);
    }
    mail.refusing = true;
    const refusalsBefore = mail.refusals;
    const sample = createEvent(
      QaReviewRequested,
      exampleQaReviewRequested({ reviewId: randomUUID(), decisionId: randomUUID(), pemdaCode: PEMDA, provinceCode: '94', wilayah: 'V', decidedBy: `verifier-${suffix}` }),
      '/mcp/verification',
    );
    await publisher.publish(QaReviewRequested, sample);
    await processed(sample);
    await waitFor('the outage to hold the e-mails', () => mail.refusals > refusalsBefore);
    // During the outage verification moves one reviewer to Wilayah II, and an admin files another as a verifier.
    await publisher.publish(VerifierWilayahAssigned, createEvent(VerifierWilayahAssigned, exampleVerifierWilayahAssigned({ subject: moved, wilayah: 'II' }), '/mcp/verification'));
    await waitFor('notification to learn of the move', async () =>
      (await queryTestDatabase('SELECT 1 FROM "notification"."verifier_wilayah" WHERE subject = $1 AND wilayah = $2', [moved, 'II'])).length === 1,
    );
    await as(adminToken).put(`/v1/recipients/${madeVerifier}`, { role: 'verifier', email: `${madeVerifier}@kpk.go.id` }).expect(200);
    const settled = await releaseHeldEmails(sample, staying);
    const sentTo = (reviewer: string) => mail.to(`${reviewer}@kpk.go.id`).filter((message) => message.messageId?.startsWith(`<${sample.id}.`));
    expect(sentTo(staying)).toHaveLength(1);
    expect(sentTo(moved)).toEqual([]);
    expect(sentTo(madeVerifier)).toEqual([]);
    expect(settled.find((row) => row.recipient_key === moved)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('wilayah II') });
    expect(settled.find((row) => row.recipient_key === madeVerifier)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('berperan verifier') });
  });

  it('files a person holding verifier and qa as qa, and keeps an admin’s filing as qa at their next sign-in (#150)', async () => {
    const issuer = TokenIssuer.forDevelopment();
    const roleOf = async (userId: string) =>
      (await queryTestDatabase<{ role: string }>('SELECT role FROM "notification"."recipient" WHERE user_id = $1', [userId]))[0]?.role;
    const reviewer = `reviewer-${randomUUID().slice(0, 8)}`;
    const verifierAndQa = await issuer.issue({ subject: reviewer, roles: ['verifier', 'qa'], wilayah: 'III' });
    await as(verifierAndQa).get('/v1/inbox').expect(200);
    expect(await roleOf(reviewer)).toBe('qa');
    // An admin who also reviews is filed as admin by the token; an admin may file them as qa, and the next call keeps it.
    const adminReviewer = `admin-qa-${randomUUID().slice(0, 8)}`;
    const adminAndQa = await issuer.issue({ subject: adminReviewer, roles: ['admin', 'qa'], wilayah: 'III' });
    await as(adminAndQa).get('/v1/inbox').expect(200);
    expect(await roleOf(adminReviewer)).toBe('admin');
    await as(adminToken).put(`/v1/recipients/${adminReviewer}`, { role: 'qa', wilayah: 'III', email: 'qa@kpk.go.id' }).expect(200);
    await as(adminAndQa).get('/v1/inbox').expect(200);
    expect(await roleOf(adminReviewer)).toBe('qa');
  });

  it('retries a failing webhook with logged attempts, disables one that keeps failing and tells the admin', async () => {
    const recovering = await createWebhook('/pulih', 5);
    const broken = await createWebhook('/rusak', 1000);
    const event = decision({ outcome: 'approved', verifiedValue: 50, reason: null });
    await publisher.publish(EvidenceVerified, event);
    await processed(event);

    await waitFor('the recovering webhook to succeed', () => receiver.at('/pulih').some((received) => received.answeredWith === 200), { timeoutMs: 60_000 });
    // The receiver counts its 200 before the dispatcher commits the attempt: wait for the log to say so.
    const deliveryLog = await waitFor('the delivery log to record the success', async () => {
      const body = (await as(adminToken).get(`/v1/webhooks/${recovering.id}/deliveries`).expect(200)).body;
      return body[0]?.status === 'sent' && body;
    });
    expect(documentedAnswerProblems('notification', 'get', '/v1/webhooks/{id}/deliveries', 200, deliveryLog)).toEqual([]);
    const [log] = deliveryLog;
    expect(log.attempts.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([500, 500, 500, 500, 500, 200]);
    expect(log.attempts.every((attempt: { durationMs: number }) => attempt.durationMs >= 0)).toBe(true);
    expect(new Set(receiver.at('/pulih').map((received) => received.id)).size).toBe(1);
    expect(receiver.at('/pulih').every((received) => received.verified)).toBe(true);

    const subscriptions = await waitFor('the broken webhook to be disabled', async () => {
      const list = (await as(adminToken).get('/v1/webhooks').expect(200)).body as { id: string; enabled: boolean }[];
      return list.find((subscription) => subscription.id === broken.id)?.enabled === false && list;
    }, { timeoutMs: 60_000 });
    expect(documentedAnswerProblems('notification', 'get', '/v1/webhooks', 200, subscriptions)).toEqual([]);
    expect(receiver.at('/rusak')).toHaveLength(DISABLE_AFTER);
    const adminInbox = (await as(adminToken).get('/v1/inbox').expect(200)).body;
    expect(adminInbox.items[0]).toMatchObject({ kind: 'webhook.disabled', title: `Webhook dinonaktifkan: ${receiverUrl}/rusak` });
    await waitFor('the admin e-mail', () => mail.to('admin@kpk.go.id').some((message) => message.subject?.startsWith('Webhook dinonaktifkan')));

    // Re-enabled with a rotated secret: the waiting delivery goes out signed with both secrets.
    const rotation = (await as(adminToken).post(`/v1/webhooks/${broken.id}/secrets`).expect(201)).body;
    const rotated = rotation.secret as string;
    receiver.expect('/rusak', [rotated, broken.secret]);
    const enabled = (await as(adminToken).post(`/v1/webhooks/${broken.id}/enable`).expect(200)).body;
    expect(enabled).toMatchObject({ id: broken.id, enabled: true, consecutiveFailures: 0, activeSecrets: 2 });
    expect([
      ...documentedAnswerProblems('notification', 'post', '/v1/webhooks/{id}/secrets', 201, rotation),
      ...documentedAnswerProblems('notification', 'post', '/v1/webhooks/{id}/enable', 200, enabled),
    ]).toEqual([]);
    const [resent] = await waitFor('the delivery after re-enabling', () => {
      const ok = receiver.at('/rusak').filter((received) => received.answeredWith === 200);
      return ok.length > 0 && ok;
    });
    expect(resent.verifiedBySecret).toEqual([true, true]);

    // A manual re-send delivers the same message (same webhook-id) once more.
    const [sentLog] = (await as(adminToken).get(`/v1/webhooks/${broken.id}/deliveries`).expect(200)).body;
    const resend = (await as(adminToken).post(`/v1/webhooks/deliveries/${sentLog.id}/resend`).expect(202)).body;
    expect(documentedAnswerProblems('notification', 'post', '/v1/webhooks/deliveries/{deliveryId}/resend', 202, resend)).toEqual([]);
    await waitFor('the re-send', () => receiver.at('/rusak').filter((received) => received.answeredWith === 200).length === 2);
    expect(new Set(receiver.at('/rusak').map((received) => received.id))).toEqual(new Set([sentLog.id]));
  });

  it('sends with no transaction open, and a re-send asked for meanwhile keeps its outcome (#198)', async () => {
    const slow = await createWebhook('/lambat');
    receiver.hold('/lambat');
    try {
      const event = decision({ outcome: 'approved', verifiedValue: 60, reason: null });
      await publisher.publish(EvidenceVerified, event);
      await waitFor('the receiver to hold the webhook', () => receiver.heldAt('/lambat') === 1, { timeoutMs: 60_000 });
      const [taken] = await queryTestDatabase<{ id: string; status: string; next_attempt_at: Date }>(
        `SELECT id, status, next_attempt_at FROM "notification"."delivery" WHERE source_event_id = $1 AND recipient_key = $2`,
        [event.id, slow.id],
      );
      // Taken under the lease (10 minutes by default), still pending.
      expect(taken.status).toBe('pending');
      expect(taken.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
      // The dispatcher waiting on the receiver keeps no transaction open (it did until #198).
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const idleInTransaction = await queryTestDatabase(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND state_change < now() - interval '1 second'`,
      );
      expect(idleInTransaction).toEqual([]);

      // Re-sent by hand while the first send still waits, and taken by a second replica's round
      // (this replica's next round waits for its current one), which is answered first and records.
      await as(adminToken).post(`/v1/webhooks/deliveries/${taken.id}/resend`).expect(202);
      const secondReplica = app.get(DeliveryDispatcher).runOnce();
      await waitFor('the re-send to reach the receiver', () => receiver.heldAt('/lambat') === 2);
      receiver.release('/lambat', 1);
      expect(await secondReplica).toBeGreaterThanOrEqual(1);
      const [resent] = await queryTestDatabase<{ status: string }>('SELECT status FROM "notification"."delivery" WHERE id = $1', [taken.id]);
      expect(resent.status).toBe('sent');
      // The first send then fails: it is logged, but the re-send's outcome stands (no retry queued).
      receiver.expect('/lambat', [slow.secret], 1);
      receiver.release('/lambat', 0);
      const log = await waitFor('both attempts to be recorded', async () => {
        const [body] = (await as(adminToken).get(`/v1/webhooks/${slow.id}/deliveries`).expect(200)).body;
        return body?.attempts.length === 2 && body;
      });
      expect(log.status).toBe('sent');
      expect(log.attempts.map((attempt: { attempt: number; statusCode: number }) => [attempt.attempt, attempt.statusCode])).toEqual([[1, 200], [2, 500]]);
      const [row] = await queryTestDatabase<{ status: string; attempts: number; next_attempt_at: Date | null }>(
        'SELECT status, attempts, next_attempt_at FROM "notification"."delivery" WHERE id = $1',
        [taken.id],
      );
      expect(row).toEqual({ status: 'sent', attempts: 2, next_attempt_at: null });
      expect(receiver.at('/lambat').map((received) => [received.id, received.answeredWith])).toEqual([[taken.id, 200], [taken.id, 500]]);
    } finally {
      receiver.releaseAll('/lambat');
    }
  });

  it('streams the unread count live (Server-Sent Events), from the database notice at commit', async () => {
    const server = app.getHttpServer() as import('node:http').Server;
    const { port } = server.address() as import('node:net').AddressInfo;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/v1/inbox/stream`, {
      headers: { Authorization: `Bearer ${operatorToken}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    if (!response.body) throw new Error('The stream has no body');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const nextUnread = async (): Promise<number> => {
      for (;;) {
        const end = received.indexOf('\n\n');
        if (end >= 0) {
          const lines = received.slice(0, end).split('\n');
          received = received.slice(end + 2);
          const data = lines.find((line) => line.startsWith('data: '));
          if (lines.includes('event: unread') && data) return (JSON.parse(data.slice(6)) as { unreadCount: number }).unreadCount;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += value;
      }
    };
    const before = await nextUnread();
    const rejection = decision({ outcome: 'rejected', verifiedValue: null, reason: 'Tanggal SK keliru' });
    await publisher.publish(EvidenceVerified, rejection);
    expect(await nextUnread()).toBe(before + 1);
    controller.abort();
  }, 30_000);

  it('renders any template with sample data', async () => {
    const preview = (await as(adminToken).get('/v1/templates/decision.rejected/preview').expect(200)).body;
    expect(preview.subject).toContain('Dokumen ditolak');
    expect(preview.text).toContain('WIT');
    const english = (await as(adminToken).get('/v1/templates/decision.rejected/preview?locale=en').expect(200)).body;
    expect(english.subject).toContain('Evidence rejected');
    await as(adminToken).get('/v1/templates/nothing/preview').expect(404);
    const page = await as(adminToken).get('/v1/templates/decision.rejected/preview.html?locale=en').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toBe(english.html);
    const unknownPage = await as(adminToken).get('/v1/templates/nothing/preview.html').expect(404);
    expect(unknownPage.headers['content-type']).toMatch(/^application\/json/);
    const rules = (await as(adminToken).get('/v1/templates').expect(200)).body;
    expect(rules).toContainEqual(expect.objectContaining({ kind: 'decision.rejected', mandatory: true, channels: ['in_app', 'email'] }));
    expect([
      ...documentedAnswerProblems('notification', 'get', '/v1/templates/{kind}/preview', 200, preview),
      ...documentedAnswerProblems('notification', 'get', '/v1/templates', 200, rules),
    ]).toEqual([]);
  });
});
