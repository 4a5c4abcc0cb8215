import type { NotificationConfig } from '../notification-config';
import type { UnsubscribeLinks } from '../recipients/unsubscribe-links';
import { EmailSender } from './email-sender';

function senderTo(smtpUrl: string): EmailSender {
  return new EmailSender({ SMTP_URL: smtpUrl } as NotificationConfig, {} as UnsubscribeLinks);
}

describe('EmailSender transport', () => {
  // No server: the pool connects on the first message only, so the options can be read as built.
  it('pools its connections to SMTP_URL and gives up on a stalled relay within seconds', () => {
    const sender = senderTo('smtps://notifikasi:rahasia@mail.kpk.go.id:465');
    try {
      const transport = sender['transport'];
      expect(transport.transporter.name).toBe('SMTP (pool)');
      expect(transport.options).toMatchObject({
        host: 'mail.kpk.go.id',
        port: 465,
        secure: true,
        auth: { user: 'notifikasi', pass: 'rahasia' },
        pool: true,
        maxConnections: 5,
        maxRequeues: 0,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
    } finally {
      sender.onApplicationShutdown();
    }
  });

  it('lets a query parameter of SMTP_URL replace a bound', () => {
    const sender = senderTo('smtp://127.0.0.1:1025?socketTimeout=60000');
    try {
      expect(sender['transport'].options).toMatchObject({ host: '127.0.0.1', port: 1025, secure: false, socketTimeout: 60_000, greetingTimeout: 10_000 });
    } finally {
      sender.onApplicationShutdown();
    }
  });
});
