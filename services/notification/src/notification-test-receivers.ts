import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** A real SMTP server for tests: keeps every parsed message; can refuse connections and messages for a while. */
export class TestMailServer {
  readonly messages: ParsedMail[] = [];
  refusing = false;
  refusals = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => callback(this.refusal()),
    // A pooled sender keeps its connection open between messages: the outage must reach those too.
    onMailFrom: (_address, _session, callback) => callback(this.refusal()),
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });

  /** While refusing: a 421 (service unavailable), counted; otherwise nothing. */
  private refusal(): Error | undefined {
    if (!this.refusing) return undefined;
    this.refusals += 1;
    return Object.assign(new Error('Layanan sedang tidak tersedia'), { responseCode: 421 });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value.some((to) => to.address === address));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ReceivedWebhook {
  path: string;
  id: string;
  body: unknown;
  /** Verified by the standardwebhooks package with the first secret given for the path. */
  verified: boolean;
  /** Verified by hand (HMAC-SHA256 over id.timestamp.body), per secret given for the path. */
  verifiedBySecret: boolean[];
  answeredWith: number;
}

/**
 * An HTTP receiver that checks Standard Webhooks signatures independently of the sender's code.
 * `failFirst` answers 500 to the first N requests of a path.
 */
export class TestWebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly secrets = new Map<string, string[]>();
  private readonly failures = new Map<string, number>();
  /** Paths whose answers wait until released: a receiver that has taken the request and not yet answered. */
  private readonly held = new Set<string>();
  /** Per held path, a release for each request that arrived, in arrival order (called or not). */
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const heldPath = request.url ?? '/';
      if (this.held.has(heldPath)) {
        const releases = this.waiting.get(heldPath) ?? [];
        this.waiting.set(heldPath, releases);
        await new Promise<void>((resolve) => releases.push(resolve));
      }
      const body = Buffer.concat(chunks).toString();
      const path = request.url ?? '/';
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(request.headers[name] ?? '')]));
      const secrets = this.secrets.get(path) ?? [];
      let verified = false;
      try {
        new Webhook(secrets[0] ?? 'whsec_AAAA').verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      const signatures = headers['webhook-signature'].split(' ');
      const verifiedBySecret = secrets.map((secret) => {
        const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
        const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
        return signatures.includes(`v1,${expected}`);
      });
      const failuresLeft = this.failures.get(path) ?? 0;
      const status = failuresLeft > 0 ? 500 : 200;
      if (failuresLeft > 0) this.failures.set(path, failuresLeft - 1);
      this.received.push({ path, id: headers['webhook-id'], body: JSON.parse(body), verified, verifiedBySecret, answeredWith: status });
      response.writeHead(status).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  expect(path: string, secrets: string[], failFirst = 0): void {
    this.secrets.set(path, secrets);
    this.failures.set(path, failFirst);
  }

  /** Holds every answer to `path` until released, one by one (`release`) or all (`releaseAll`). */
  hold(path: string): void {
    this.held.add(path);
  }

  /** Lets the `index`-th request that arrived at a held path (from 0) be answered. */
  release(path: string, index: number): void {
    this.waiting.get(path)?.[index]?.();
  }

  /** Answers every request held at `path`, and holds no more. */
  releaseAll(path: string): void {
    this.held.delete(path);
    for (const release of this.waiting.get(path) ?? []) release();
  }

  /** How many requests to `path` have waited on a hold so far (answered since or not). */
  heldAt(path: string): number {
    return this.waiting.get(path)?.length ?? 0;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
