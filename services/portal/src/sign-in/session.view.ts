import type { AuthPrincipal, Role } from '@mcp/auth';
import type { PortalSession } from '../sessions/portal-session.entity';

export interface SessionView {
  user: AuthPrincipal & { role: Role };
  csrfToken: string;
  expiresAt: string;
  devSignIn: boolean;
}

export function toSessionView(session: PortalSession): SessionView {
  return {
    user: { ...session.principal, role: session.principal.roles[0] },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    devSignIn: session.devSignIn,
  };
}
