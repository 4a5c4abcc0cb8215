import {
  createEvent,
  DeadlineExtended,
  EvidenceVerified,
  exampleDeadlineExtended,
  exampleEvidenceVerified,
  exampleTaskReassigned,
  TaskReassigned,
  YearClosed,
  type DeadlineExtendedV1,
  type McpEvent,
  type YearClosedV1,
} from '@mcp/contracts';
import type { EntityManager, Repository } from 'typeorm';
import type { Notice, Notifier } from '../deliveries/notifier';
import type { ReminderRepository } from '../reminders/reminder.repository';
import type { WebhookFanOut } from '../webhooks/webhook-fan-out';
import type { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

function serviceForwardingTo(forwarded: McpEvent<unknown>[]): NotificationsService {
  const webhooks = { enqueue: async (_manager: EntityManager, event: McpEvent<unknown>) => void forwarded.push(event) };
  return new NotificationsService(
    {} as Repository<Notification>,
    { notify: async () => undefined } as unknown as Notifier,
    webhooks as unknown as WebhookFanOut,
    { recordExtension: async () => undefined } as unknown as ReminderRepository,
  );
}

describe('NotificationsService webhooks', () => {
  // Webhooks leave KPK, many to the audited Pemda's own systems (docs/decisions.md #46).
  it('tells a webhook that a KPK admin granted an extension, not which one', async () => {
    const forwarded: McpEvent<DeadlineExtendedV1>[] = [];
    const service = serviceForwardingTo(forwarded as McpEvent<unknown>[]);
    const event = createEvent(DeadlineExtended, exampleDeadlineExtended({ grantedBy: 'f3b1c2d4-admin-subject' }), 'mcp/submissions');

    await service.notifyDeadlineExtended(event, {} as EntityManager);

    expect(forwarded).toHaveLength(1);
    expect(forwarded[0].data.grantedBy).toBe('Admin KPK');
    expect(JSON.stringify(forwarded[0])).not.toContain('f3b1c2d4-admin-subject');
    expect(forwarded[0].data).toEqual({ ...event.data, grantedBy: 'Admin KPK' });
  });

  it('tells a webhook that a KPK admin closed the year, not which one', async () => {
    const forwarded: McpEvent<YearClosedV1>[] = [];
    const event = createEvent(YearClosed, { year: 2024, closedAt: '2025-01-20T03:00:00.000Z', closedBy: 'f3b1c2d4-admin-subject' }, 'mcp/scoring');

    await serviceForwardingTo(forwarded as McpEvent<unknown>[]).notifyYearClosed(event, {} as EntityManager);

    expect(forwarded.map(({ data }) => data)).toEqual([{ year: 2024, closedAt: '2025-01-20T03:00:00.000Z', closedBy: 'Admin KPK' }]);
  });
});

describe('NotificationsService decision feed', () => {
  it("writes the Pemda's shared feed as its people's notices read: the Pemda and the sub-indicator by name", async () => {
    const feed: Partial<Notification>[] = [];
    const notified: Notice[] = [];
    const notifier = {
      named: async (notices: readonly Notice[]) => notices.map((notice) => ({ ...notice, facts: { ...notice.facts, subIndicatorName: 'Penetapan SSH' } })),
      notifyAll: async (_manager: EntityManager, notices: readonly Notice[]) => notified.push(...notices),
    };
    const service = new NotificationsService(
      {} as Repository<Notification>,
      notifier as unknown as Notifier,
      { enqueueAll: async () => undefined } as unknown as WebhookFanOut,
      { recordDecisions: async () => undefined } as unknown as ReminderRepository,
    );
    const manager = { insert: async (_entity: unknown, rows: Partial<Notification>[]) => void feed.push(...rows) } as unknown as EntityManager;
    const decision = exampleEvidenceVerified({ outcome: 'rejected', verifiedValue: null, reason: 'SK tidak bertanda tangan' });

    await service.notifyDecisions([createEvent(EvidenceVerified, decision, 'mcp/verification')], manager);

    expect(feed).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        pemdaCode: '32.73',
        title: 'Dokumen ditolak: PRC.1.1 (Kota Bandung, 32.73)',
        body: expect.stringContaining('sub-indikator PRC.1.1 "Penetapan SSH" tahun 2024'),
      }),
    ]);
    expect(feed[0].body).toContain('Alasan: SK tidak bertanda tangan');
    expect(notified.map(({ facts }) => facts.subIndicatorName)).toEqual(['Penetapan SSH']);
  });
});

describe('NotificationsService reassignments', () => {
  function serviceNotifying(notices: Notice[]): NotificationsService {
    return new NotificationsService(
      {} as Repository<Notification>,
      { notify: async (_manager: EntityManager, _eventId: string, notice: Notice) => void notices.push(notice) } as unknown as Notifier,
      {} as WebhookFanOut,
      {} as ReminderRepository,
    );
  }
  const rerouted = (fromVerifier: string | null) =>
    createEvent(
      TaskReassigned,
      exampleTaskReassigned({ fromVerifier, toVerifier: null, leaseExpiresAt: null, reassignedBy: 'mcp-verification', wilayah: 'IV', reason: 'wilayah_remapped' }),
      'mcp/verification',
    );

  it('tells the holder of a claim a changed wilayah mapping released why, and nobody else (#221)', async () => {
    const notices: Notice[] = [];
    await serviceNotifying(notices).notifyTaskReassigned(rerouted('citra'), {} as EntityManager);
    expect(notices).toEqual([expect.objectContaining({ kind: 'task.rerouted', userId: 'citra', wilayah: 'IV', actor: 'mcp-verification' })]);
  });

  it('tells nobody of an open task the mapping moved', async () => {
    const notices: Notice[] = [];
    await serviceNotifying(notices).notifyTaskReassigned(rerouted(null), {} as EntityManager);
    expect(notices).toEqual([]);
  });
});

