import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Unsubscription {
  userId: string;
  kind: string;
}

/**
 * One-click unsubscribe (RFC 8058) must work without signing in, so the link carries who and
 * what, signed: nobody can switch off someone else's mail by editing the URL.
 */
export class UnsubscribeLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  urlFor(unsubscription: Unsubscription): string {
    const payload = Buffer.from(JSON.stringify([unsubscription.userId, unsubscription.kind])).toString('base64url');
    return `${this.publicUrl.replace(/\/$/, '')}/v1/unsubscribe?token=${payload}.${this.sign(payload)}`;
  }

  read(token: string): Unsubscription | null {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const [userId, kind] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, string];
    return { userId, kind };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
