import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Delivery } from '../deliveries/delivery.repository';
import type { NotificationConfig } from '../notification-config';
import type { WebhookSubscription } from '../webhooks/webhook-subscription.repository';
import { WebhookTargetPolicy, WebhookTargetRefused, type WebhookTargetRules } from '../webhooks/webhook-target-policy';
import { WebhookRefused, WebhookSender } from './webhook-sender';

const DEVELOPMENT: WebhookTargetRules = { requireHttps: false, allowPrivateAddresses: true, allowedPrivateHosts: [] };
const STRICT: WebhookTargetRules = { requireHttps: false, allowPrivateAddresses: false, allowedPrivateHosts: [] };

// A receiver on loopback: nothing leaves the machine. Names resolve through the policy's resolver
// only, so a request arriving under an invented name proves the connection dialled what it checked.
let server: Server;
let port: number;
let answer = 204;
let delayMs = 0;
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      setTimeout(() => response.writeHead(answer, answer === 302 ? { location: 'http://169.254.169.254/' } : {}).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received.length = 0;
  answer = 204;
  delayMs = 0;
});

function senderWith(rules: WebhookTargetRules, table: Record<string, string[]>, timeoutMs = 2000) {
  const asked: string[] = [];
  const resolve = async (host: string): Promise<LookupAddress[]> => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const sender = new WebhookSender({ WEBHOOK_TIMEOUT_MS: timeoutMs } as NotificationConfig, new WebhookTargetPolicy(rules, resolve));
  return { sender, asked };
}

const delivery = { id: '0b8e3c52-7f7e-4b8e-9d0c-1f6f3f3a9a11', payload: { specversion: '1.0', type: 'mcp.evidence.verified.v1', data: { pemdaCode: '32.73' } } } as unknown as Delivery;
const subscriptionTo = (url: string) => ({ id: 'langganan', url, secrets: ['whsec_' + Buffer.from('rahasia-rahasia-rahasia-32-bytes').toString('base64')] }) as WebhookSubscription;

async function failureOf(action: Promise<unknown>): Promise<unknown> {
  return action.then(() => {
    throw new Error('expected the send to fail');
  }, (error: unknown) => error);
}

describe('WebhookSender', () => {
  it('POSTs the signed CloudEvent to the address the policy resolved, under the URL’s own host name', async () => {
    const { sender, asked } = senderWith(DEVELOPMENT, { 'dasbor.pemda.test': ['127.0.0.1'] });
    try {
      expect(await sender.send(delivery, subscriptionTo(`http://dasbor.pemda.test:${port}/mcp/webhook?src=mcp`))).toEqual({ statusCode: 204 });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ url: '/mcp/webhook?src=mcp', body: JSON.stringify(delivery.payload) });
      expect(received[0].headers).toMatchObject({
        host: `dasbor.pemda.test:${port}`,
        'content-type': 'application/cloudevents+json',
        'webhook-id': delivery.id,
        'webhook-signature': expect.stringMatching(/^v1,/),
      });
      expect(asked).toEqual(['dasbor.pemda.test']);
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('fails with the status of any answer but 2xx, and follows no redirect', async () => {
    const { sender } = senderWith(DEVELOPMENT, {});
    try {
      answer = 500;
      const refused = await failureOf(sender.send(delivery, subscriptionTo(`http://127.0.0.1:${port}/rusak`)));
      expect(refused).toBeInstanceOf(WebhookRefused);
      expect(refused).toMatchObject({ statusCode: 500, message: 'HTTP 500' });
      answer = 302;
      expect(await failureOf(sender.send(delivery, subscriptionTo(`http://127.0.0.1:${port}/pindah`)))).toMatchObject({ statusCode: 302 });
      expect(received.map((request) => request.url)).toEqual(['/rusak', '/pindah']);
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('gives up on a receiver that does not answer within WEBHOOK_TIMEOUT_MS', async () => {
    const { sender } = senderWith(DEVELOPMENT, {}, 100);
    try {
      delayMs = 1000;
      const error = await failureOf(sender.send(delivery, subscriptionTo(`http://127.0.0.1:${port}/lambat`)));
      expect((error as Error).message).toBe('Penerima tidak menjawab dalam 100 ms (no answer within WEBHOOK_TIMEOUT_MS)');
    } finally {
      sender.onApplicationShutdown();
    }
  });

  describe('under a policy that refuses restricted addresses', () => {
    it('refuses a name resolving to loopback inside the connection: nothing reaches the receiver, no status code', async () => {
      const { sender, asked } = senderWith(STRICT, { 'dasbor.pemda.test': ['127.0.0.1'] });
      try {
        const error = await failureOf(sender.send(delivery, subscriptionTo(`http://dasbor.pemda.test:${port}/mcp`)));
        expect(error).toBeInstanceOf(WebhookTargetRefused);
        expect(error).not.toHaveProperty('statusCode');
        expect((error as Error).message).toBe(
          'Alamat webhook ditolak: dasbor.pemda.test mengarah ke alamat loopback (webhook target refused: dasbor.pemda.test resolves to a loopback address)',
        );
        expect(received).toEqual([]);
        // One resolution, checked and dialled: no second answer for a rebinding DNS to change.
        expect(asked).toEqual(['dasbor.pemda.test']);
      } finally {
        sender.onApplicationShutdown();
      }
    });

    it('refuses a literal restricted address before connecting (a connection never looks a literal up)', async () => {
      const { sender, asked } = senderWith(STRICT, {});
      try {
        const error = await failureOf(sender.send(delivery, subscriptionTo(`http://127.0.0.1:${port}/mcp`)));
        expect(error).toMatchObject({ rule: 'address', category: 'loopback' });
        expect(received).toEqual([]);
        expect(asked).toEqual([]);
      } finally {
        sender.onApplicationShutdown();
      }
    });

    it('refuses http when https is required, before resolving anything', async () => {
      const { sender, asked } = senderWith({ ...STRICT, requireHttps: true }, { 'dasbor.pemda.test': ['103.28.12.1'] });
      try {
        expect(await failureOf(sender.send(delivery, subscriptionTo('http://dasbor.pemda.test/mcp')))).toMatchObject({ rule: 'https' });
        expect(asked).toEqual([]);
      } finally {
        sender.onApplicationShutdown();
      }
    });
  });
});
