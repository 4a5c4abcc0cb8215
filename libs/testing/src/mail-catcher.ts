import { createWriteStream, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server that accepts every message and keeps it as an `.eml` file (open it with any
 * mail client), so `npm run up` sends real e-mail without reaching anyone's inbox.
 */
export class MailCatcher {
  private count = 0;
  private readonly server: SMTPServer;

  constructor(private readonly folder: string) {
    mkdirSync(folder, { recursive: true });
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        this.count += 1;
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',').replace(/[^a-zA-Z0-9@._,-]/g, '_');
        const file = join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${this.count}-${to}.eml`);
        pipeline(stream, createWriteStream(file)).then(() => callback(), callback);
      },
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
