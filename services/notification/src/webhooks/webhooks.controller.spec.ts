import { DomainError } from '@mcp/service-runtime';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Clock } from '../clock';
import type { DeliveryRepository } from '../deliveries/delivery.repository';
import { CreateWebhookDto } from './webhook.dto';
import type { WebhookSubscription, WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { WebhookTargetPolicy, type WebhookTargetRules } from './webhook-target-policy';
import type { AuthPrincipal } from '@mcp/auth';
import type { DataSource } from 'typeorm';
import { auditedUrl, WebhooksController } from './webhooks.controller';

const admin: AuthPrincipal = { subject: 'admin-kpk', roles: ['admin'] };

const PRODUCTION: WebhookTargetRules = { requireHttps: true, allowPrivateAddresses: false, allowedPrivateHosts: ['penerima.mcp.svc.cluster.local'] };
const ADDRESSES: Record<string, string[]> = { 'dasbor.jabarprov.go.id': ['103.28.12.1'], postgres: ['10.96.0.12'], 'penerima.mcp.svc.cluster.local': ['10.96.4.7'] };
const dns = async (host: string) => {
  if (!ADDRESSES[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return ADDRESSES[host].map((address) => ({ address, family: 4 }));
};

function controllerWith(stored: WebhookSubscription[] = []) {
  const created: string[] = [];
  const enabled: string[] = [];
  const subscriptions = {
    create: async (subscription: WebhookSubscription) => {
      created.push(subscription.url);
      stored.push({ ...subscription, enabled: true, consecutiveFailures: 0, disabledAt: null, createdAt: new Date('2025-11-01T00:00:00Z') });
    },
    find: async (id: string) => stored.find((subscription) => subscription.id === id) ?? null,
    enable: async (id: string) => (enabled.push(id), true),
  } as unknown as WebhookSubscriptionRepository;
  // The audit trail's statements, as a transaction would run them.
  const audited: unknown[][] = [];
  const tx = { query: async (_sql: unknown, parameters: unknown[]) => (audited.push(parameters), []), connection: { options: { schema: 'notification' } } };
  const dataSource = { transaction: async (work: (manager: typeof tx) => Promise<unknown>) => work(tx) } as unknown as DataSource;
  const controller = new WebhooksController(dataSource, subscriptions, {} as DeliveryRepository, { now: () => new Date() } as Clock, new WebhookTargetPolicy(PRODUCTION, dns));
  return { controller, created, enabled, audited };
}

async function refusal(action: Promise<unknown>): Promise<DomainError> {
  const error = await action.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('POST /v1/webhooks under the production target policy', () => {
  const body = (url: string) => ({ url, eventTypes: ['mcp.evidence.verified.v1'] });

  it('subscribes a public https receiver, and an allow-listed in-cluster one', async () => {
    const { controller, created } = controllerWith();
    await controller.create(admin, body('https://dasbor.jabarprov.go.id/mcp/webhook'));
    await controller.create(admin, body('https://penerima.mcp.svc.cluster.local/mcp'));
    expect(created).toEqual(['https://dasbor.jabarprov.go.id/mcp/webhook', 'https://penerima.mcp.svc.cluster.local/mcp']);
  });

  it.each([
    ['http://dasbor.jabarprov.go.id/mcp/webhook', 'https', undefined, /harus memakai https/],
    ['https://169.254.169.254/latest/meta-data/', 'address', 'link-local', /169\.254\.169\.254 adalah alamat link-local/],
    ['https://127.0.0.1:3002/v1/tasks', 'address', 'loopback', /adalah alamat loopback/],
    ['https://postgres:5432/', 'address', 'private', /postgres mengarah ke alamat privat/],
  ])('answers 400 WEBHOOK_TARGET_REFUSED for %s and stores nothing', async (url, rule, category, message) => {
    const { controller, created, audited } = controllerWith();
    const error = await refusal(controller.create(admin, body(url)));
    expect(error).toMatchObject({ kind: 'invalid-input', code: 'WEBHOOK_TARGET_REFUSED', details: category ? { rule, category } : { rule } });
    expect(error.message).toMatch(message);
    expect([created, audited]).toEqual([[], []]);
  });

  it('refuses to enable a subscription stored before the policy, and leaves it disabled', async () => {
    const old = { id: 'a4c4f0a4-5b1e-4a44-9d67-3c7a1d8e8f10', url: 'http://10.0.0.5/hook', eventTypes: [], pemdaCode: null, provinceCode: null, secrets: [], enabled: false, consecutiveFailures: 20, disabledAt: new Date(), createdAt: new Date() };
    const { controller, enabled } = controllerWith([old]);
    expect(await refusal(controller.enable(admin, old.id))).toMatchObject({ code: 'WEBHOOK_TARGET_REFUSED', details: { rule: 'https' } });
    expect(enabled).toEqual([]);
  });
});

describe('CreateWebhookDto', () => {
  const problems = (url: unknown) => validateSync(plainToInstance(CreateWebhookDto, { url, eventTypes: ['mcp.evidence.verified.v1'] })).map((error) => error.property);

  // Host names without a dot stay valid: an in-cluster receiver is one. The policy judges addresses.
  it('takes http(s) URLs, cluster-internal names included, and nothing else', () => {
    expect(problems('https://penerima.mcp.svc.cluster.local/mcp')).toEqual([]);
    expect(problems('http://penerima:8080/mcp')).toEqual([]);
    expect(problems('file:///etc/passwd')).toEqual(['url']);
    expect(problems('gopher://127.0.0.1:5432/')).toEqual(['url']);
    expect(problems('dasbor.jabarprov.go.id/mcp')).toEqual(['url']);
  });
});

describe('the receiver as the audit trail keeps it', () => {
  it('drops a user name, password and query: a credential in the append-only trail is kept for good', () => {
    expect(auditedUrl('https://svc:rahasia@penerima.jabarprov.go.id:8443/mcp/hook?token=abc#x')).toBe('https://penerima.jabarprov.go.id:8443/mcp/hook');
  });
});
