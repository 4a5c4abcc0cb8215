import { loadFramework } from '@mcp/master-data';
import type { ReferenceData } from '@mcp/reference-data';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import type { Notifier } from '../deliveries/notifier';
import { renderMessage, type MessageFacts } from '../messages/templates';
import type { NotificationConfig } from '../notification-config';
import type { ReminderRepository } from './reminder.repository';
import { ReminderScheduler } from './reminder-scheduler';

/** One round for Kabupaten Nabire, nothing verified and nothing claimed yet; returns the facts it notified. */
async function remindAt(now: string, uploadDeadlines: string[] = []): Promise<MessageFacts[]> {
  const notified: MessageFacts[] = [];
  const framework = loadFramework(2025);
  const referenceData = {
    frameworkFor: async (year: number) => (year === 2025 ? { framework } : undefined),
    allPemda: async () => [{ code: '94.01', provinceCode: '94' }],
  } as unknown as ReferenceData;
  const reminders = {
    extensions: async () => new Map(),
    claimed: async () => new Set(),
    verifiedValues: async () => new Map(),
    claim: async () => true,
    supersede: async () => undefined,
  } as unknown as ReminderRepository;
  const dataSource = { manager: {}, transaction: (work: (tx: unknown) => Promise<unknown>) => work({}) } as unknown as DataSource;
  const notifier = { notify: async (_tx: unknown, _id: string, facts: MessageFacts) => void notified.push(facts) } as unknown as Notifier;
  const config = { UPLOAD_DEADLINES: uploadDeadlines, REMINDER_DAYS_BEFORE: [30, 7, 1], REMINDER_INTERVAL_MS: 0, REMINDER_TARGET: 75 } as unknown as NotificationConfig;
  const scheduler = new ReminderScheduler(dataSource, referenceData, reminders, notifier, { now: () => new Date(now) } as Clock, config);
  await scheduler.runOnce();
  return notified;
}

describe('ReminderScheduler', () => {
  // The 2025 deadline is 30 November 2025 00.00 WIB = 29 November 17.00 UTC; its H-30 is 30 October 17.00 UTC.
  it('says the offset when the reminder goes out at its moment', async () => {
    const [facts] = await remindAt('2025-10-30T18:00:00Z');

    expect(facts).toMatchObject({ kind: 'deadline.reminder', daysBefore: 30, daysLeft: 30 });
    expect(renderMessage(facts).subject).toBe('Batas unggah MCP 2025: H-30 (Kabupaten Nabire, 94.01)');
  });

  it('claims the H-30 of a moved deadline but says the 16 days actually left', async () => {
    // Moved to 15 December 00.00 WIB on 29 November 01.00 WIB: the H-30 moment has passed, H-7 has not.
    const [facts] = await remindAt('2025-11-28T18:00:00Z', ['2025=2025-12-15T00:00:00+07:00']);

    expect(facts).toMatchObject({ daysBefore: 30, daysLeft: 16 });
    const message = renderMessage(facts);
    expect(message.subject).toBe('Batas unggah MCP 2025: H-16 (Kabupaten Nabire, 94.01)');
    expect(message.text).toContain('adalah 15 Desember 2025 pukul 02.00 WIT, 16 hari lagi.');
  });
});
