import type { AuthPrincipal } from '@mcp/auth';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser: the cookie carries a random id, this row the token it stands for. */
@Entity({ name: 'session' })
export class PortalSession {
  /** SHA-256 of the cookie's id. */
  @PrimaryColumn({ name: 'id_hash' })
  idHash: string;

  @Column()
  subject: string;

  @Column({ type: 'jsonb' })
  principal: AuthPrincipal;

  /** Sent to the services as a bearer token; never to the browser. */
  @Column({ name: 'access_token' })
  accessToken: string;

  /** Identity-provider sessions only: renews the access token while the session lasts. Never sent anywhere but the IdP. */
  @Column({ name: 'refresh_token', type: 'text', nullable: true })
  refreshToken: string | null;

  /** When the access token runs out (identity-provider sessions); null for development tokens. */
  @Column({ name: 'access_expires_at', type: 'timestamptz', nullable: true })
  accessExpiresAt: Date | null;

  /** For the identity provider's logout (id_token_hint). */
  @Column({ name: 'id_token', type: 'text', nullable: true })
  idToken: string | null;

  @Column({ name: 'csrf_token' })
  csrfToken: string;

  @Column({ name: 'dev_sign_in' })
  devSignIn: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
