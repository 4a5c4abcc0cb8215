import { createEvent, DeadlineExtended, exampleDeadlineExtended, YearClosed, type DeadlineExtendedV1, type McpEvent, type YearClosedV1 } from '@mcp/contracts';
import type { EntityManager, Repository } from 'typeorm';
import type { Notifier } from '../deliveries/notifier';
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
