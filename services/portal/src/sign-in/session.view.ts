import type { AuthPrincipal, Role } from '@mcp/auth';
import type { PortalSession } from '../sessions/portal-session.entity';
import type { PemdaDirectory } from '../directory/pemda-directory';

export interface SessionView {
  /** `pemdaName` from the shipped Pemda list, so the page can name the Pemda without asking a service. */
  user: AuthPrincipal & { role: Role; pemdaName?: string };
  csrfToken: string;
  expiresAt: string;
  devSignIn: boolean;
}

export function toSessionView(session: PortalSession, pemda: PemdaDirectory): SessionView {
  const { principal } = session;
  const pemdaName = principal.pemdaCode ? pemda.find(principal.pemdaCode)?.name : undefined;
  return {
    user: { ...principal, role: principal.roles[0], ...(pemdaName ? { pemdaName } : {}) },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    devSignIn: session.devSignIn,
  };
}
