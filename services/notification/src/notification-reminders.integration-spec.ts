import 'reflect-metadata';
import {
  createEvent,
  DeadlineExtended,
  EvidenceVerified,
  exampleDeadlineExtended,
  exampleEvidenceVerified,
  type EvidenceVerifiedV1,
  type McpEvent,
} from '@mcp/contracts';
import { loadFramework } from '@mcp/master-data';
import type { DirectEventPublisher } from '@mcp/messaging/testing';
import { createServiceApp, databaseSettingsOf, loadConfig, runMigrations, withDataSource } from '@mcp/service-runtime';
import { seedReferenceData } from '@mcp/reference-data';
import { dropSchemas, queryTestDatabase, resetTopics, serviceTestEnv, startEventPublisher, testToken, waitFor } from '@mcp/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Clock } from './clock';
import { notificationService } from './notification.definition';
import { NotificationConfig } from './notification-config';
import { TestMailServer } from './notification-test-receivers';

class MovableClock extends Clock {
  constructor(private at: Date) {
    super();
  }
  now(): Date {
    return this.at;
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

// The 2025 deadline is 30 November 2025 00.00 WIB = 29 November 17.00 UTC.
const H = (days: number) => new Date(Date.parse('2025-11-29T17:00:00Z') - days * 86_400_000 + 3_600_000).toISOString();
const OPEN = '94.01';
const FINISHED = '32.73';
const OPEN_MAIL = 'operator@papuatengah.go.id';
const FINISHED_MAIL = 'operator@bandung.go.id';
// Kota Denpasar (WITA) has until 8 December 2025 00.00 WITA: its own H-30 falls on 7 November.
const EXTENDED = '51.71';
const EXTENDED_MAIL = 'operator@denpasarkota.go.id';
const GENERAL_DEADLINE = '2025-11-29T17:00:00Z';

describe('deadline reminders', () => {
  const clock = new MovableClock(new Date('2025-10-15T00:00:00Z'));
  const mail = new TestMailServer();
  let config: NotificationConfig;
  let replicas: INestApplication[] = [];
  let publisher: DirectEventPublisher;

  async function startReplicas(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const app = await createServiceApp(notificationService, config, clock);
      await app.listen(0);
      replicas.push(app);
    }
  }

  async function stopReplicas(): Promise<void> {
    await Promise.all(replicas.map((app) => app.close()));
    replicas = [];
  }

  const remindedCount = async (daysBefore: number) =>
    (
      await queryTestDatabase<{ count: number }>(
        'SELECT count(*)::int AS count FROM "notification"."reminder_sent" WHERE year = 2025 AND days_before = $1 AND deadline = $2',
        [daysBefore, GENERAL_DEADLINE],
      )
    )[0].count;

  const remindersTo = (address: string) => mail.to(address).filter((message) => /^Batas unggah MCP \d+: H-/.test(message.subject ?? ''));
  const subjectsTo = (address: string) => remindersTo(address).map((message) => message.subject).sort();

  beforeAll(async () => {
    const smtpUrl = await mail.start();
    // Empty topics: events another suite left unconsumed would otherwise reach this one's group.
    await resetTopics();
    await dropSchemas(['notification']);
    config = loadConfig(
      NotificationConfig,
      serviceTestEnv({ SMTP_URL: smtpUrl, DELIVERY_POLL_INTERVAL_MS: '100', REMINDER_INTERVAL_MS: '100' }),
    );
    const settings = databaseSettingsOf(config, notificationService);
    await runMigrations(settings);
    await withDataSource(settings, (dataSource) => seedReferenceData(dataSource, 'notification'));
    publisher = await startEventPublisher('notification-reminder-tests');
    await startReplicas(2);
    const admin = await testToken({ role: 'admin' });
    for (const [userId, pemdaCode, email] of [
      [`op-${randomUUID().slice(0, 6)}`, OPEN, OPEN_MAIL],
      [`op-${randomUUID().slice(0, 6)}`, FINISHED, FINISHED_MAIL],
      [`op-${randomUUID().slice(0, 6)}`, EXTENDED, EXTENDED_MAIL],
    ]) {
      await request(replicas[0].getHttpServer())
        .put(`/v1/recipients/${userId}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ role: 'pemda-operator', pemdaCode, email })
        .expect(200);
    }
  });

  afterAll(async () => {
    await stopReplicas();
    await publisher?.stop();
    await mail.stop();
  });

  it('sends H-30, H-7 and H-1 once each to the Pemda with open items, across a restart and two replicas', async () => {
    // Kota Bandung finishes every 2025 sub-indicator; the approvals arrive over Kafka.
    const framework = loadFramework(2025);
    const codes = framework.areas.flatMap((area) => area.indicators.flatMap((indicator) => indicator.subIndicators.map((sub) => sub.code)));
    const approvals: McpEvent<EvidenceVerifiedV1>[] = codes.map((subIndicatorCode) =>
      createEvent(
        EvidenceVerified,
        exampleEvidenceVerified({ decisionId: randomUUID(), pemdaCode: FINISHED, provinceCode: '32', year: 2025, subIndicatorCode, verifiedValue: 100, decidedAt: '2025-10-01T00:00:00.000Z' }),
        '/mcp/verification',
      ),
    );
    await publisher.publish(EvidenceVerified, ...approvals);
    const extension = createEvent(
      DeadlineExtended,
      exampleDeadlineExtended({ extensionId: randomUUID(), pemdaCode: EXTENDED, provinceCode: '51', year: 2025, generalDeadline: GENERAL_DEADLINE, until: '2025-12-07T16:00:00.000Z', grantedAt: '2025-10-10T00:00:00.000Z' }),
      '/mcp/submissions',
    );
    await publisher.publish(DeadlineExtended, extension);
    const [extended] = await waitFor('the extension e-mail', () => mail.to(EXTENDED_MAIL).length === 1 && mail.to(EXTENDED_MAIL));
    expect(extended.subject).toBe(`Batas unggah MCP 2025 diperpanjang (Kota Denpasar, ${EXTENDED})`);
    expect(extended.text).toContain('diperpanjang sampai 8 Desember 2025 pukul 00.00 WITA');
    await waitFor('the approvals in force', async () => {
      const [{ count }] = await queryTestDatabase<{ count: number }>(
        `SELECT count(*)::int AS count FROM "notification"."decision_in_force" WHERE pemda_code = $1 AND year = 2025`,
        [FINISHED],
      );
      return count === codes.length;
    }, { timeoutMs: 60_000 });

    clock.set(H(30));
    await waitFor('H-30 for every Pemda on the general deadline', async () => (await remindedCount(30)) === 545, { timeoutMs: 90_000 });
    await waitFor('the H-30 e-mail', () => mail.to(OPEN_MAIL).length === 1);

    // A restart between two reminders: new processes, the same database.
    await stopReplicas();
    clock.set(H(7));
    await startReplicas(2);
    await waitFor('H-7 for every Pemda on the general deadline', async () => (await remindedCount(7)) === 545, { timeoutMs: 90_000 });
    await waitFor('the H-7 e-mail', () => mail.to(OPEN_MAIL).length === 2);
    // Before the clock moves on: the days its reminder states are counted from this moment.
    await waitFor('the extended Pemda’s H-30 e-mail', () => remindersTo(EXTENDED_MAIL).length === 1);

    clock.set(H(1));
    await waitFor('H-1 for every Pemda on the general deadline', async () => (await remindedCount(1)) === 545, { timeoutMs: 90_000 });
    await waitFor('the H-1 e-mail', () => mail.to(OPEN_MAIL).length === 3);

    // A few more ticks of both replicas change nothing.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(subjectsTo(OPEN_MAIL)).toEqual([1, 30, 7].map((days) => `Batas unggah MCP 2025: H-${days} (Kabupaten Nabire, ${OPEN})`));
    expect(remindersTo(FINISHED_MAIL)).toHaveLength(0);
    // The extended Pemda got its own H-30 (due on 7 November, sent at the next tick, 22 November 18.00
    // UTC) and nothing else yet; it states the 14 days and 22 hours left then, not the offset.
    expect(subjectsTo(EXTENDED_MAIL)).toEqual([`Batas unggah MCP 2025: H-15 (Kota Denpasar, ${EXTENDED})`]);
    expect(remindersTo(EXTENDED_MAIL)[0].text).toContain('15 hari lagi');
    expect(remindersTo(EXTENDED_MAIL)[0].text).toContain('8 Desember 2025 pukul 00.00 WITA');
    const h1 = mail.to(OPEN_MAIL).find((message) => message.subject?.includes('H-1'));
    expect(h1?.text).toContain('30 November 2025 pukul 02.00 WIT');
    expect(h1?.text).toMatch(/Masih ada 29 sub-indikator yang belum selesai/);
    const [{ finished }] = await queryTestDatabase<{ finished: number }>(
      `SELECT count(*)::int AS finished FROM "notification"."reminder_sent" WHERE year = 2025 AND open_items = 0`,
    );
    expect(finished).toBe(3); // Kota Bandung, once per offset, with nothing to send
  });

  it('counts down to the deadline UPLOAD_DEADLINES sets for the year, as submissions enforces it (#139)', async () => {
    // The year's deadline moved to 15 December 2025 00.00 WIB (14 December 17.00 UTC): on the old H-1
    // its H-30 has passed and its H-7 has not, so every Pemda on it is reminded H-30 once more. Kota
    // Denpasar's extension (to 8 December) is now earlier than that: as for its uploads, the later
    // deadline holds, so it is among the 546.
    const moved = '2025-12-14T17:00:00Z';
    await stopReplicas();
    config = loadConfig(
      NotificationConfig,
      serviceTestEnv({ SMTP_URL: config.SMTP_URL, DELIVERY_POLL_INTERVAL_MS: '100', REMINDER_INTERVAL_MS: '100', UPLOAD_DEADLINES: '2025=2025-12-15T00:00:00+07:00' }),
    );
    await startReplicas(1);
    const remindedOn = async (deadline: string) =>
      (
        await queryTestDatabase<{ days: number[] }>(
          'SELECT array_agg(DISTINCT days_before) AS days FROM "notification"."reminder_sent" WHERE year = 2025 AND deadline = $1 HAVING count(*) = 546',
          [deadline],
        )
      )[0]?.days;
    expect(await waitFor('H-30 for every Pemda on the configured deadline', () => remindedOn(moved), { timeoutMs: 90_000 })).toEqual([30]);
    const [h30] = await waitFor('the new H-30 e-mail', () => {
      const sent = remindersTo(OPEN_MAIL).filter((message) => message.text?.includes('15 Desember 2025'));
      return sent.length > 0 && sent;
    });
    // Claimed as the H-30 of the new deadline, on 28 November 18.00 UTC: 15 days and 23 hours left.
    expect(h30.subject).toBe(`Batas unggah MCP 2025: H-16 (Kabupaten Nabire, ${OPEN})`);
    expect(h30.text).toContain('15 Desember 2025 pukul 02.00 WIT, 16 hari lagi.');
  });
});
