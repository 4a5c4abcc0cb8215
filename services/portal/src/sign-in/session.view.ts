import { ROLES, WILAYAH, type AuthPrincipal, type Role, type Wilayah } from '@mcp/auth';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PemdaEntryView } from '../directory/pemda-entry.view';
import type { PemdaDirectory } from '../directory/pemda-directory';
import type { PortalSession } from '../sessions/portal-session.entity';

/**
 * Who is signed in: the token's principal (with the wilayah an admin moved a verifier to, #193), its
 * first role, and the Pemda's name where there is one.
 */
export class SessionUserView implements AuthPrincipal {
  @ApiProperty({ example: 'dev-pemda-operator-32.73' }) subject: string;
  @ApiPropertyOptional({ example: 'Operator Kota Bandung' }) name?: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ enum: ROLES, description: 'The role the pages are chosen by (the first of `roles`)' }) role: Role;
  @ApiPropertyOptional({ example: '32.73' }) pemdaCode?: string;
  /** From the shipped Pemda list, so the page can name the Pemda without asking a service. */
  @ApiPropertyOptional({ example: 'Kota Bandung' }) pemdaName?: string;
  @ApiPropertyOptional({ enum: WILAYAH }) wilayah?: Wilayah;
  @ApiPropertyOptional({ description: "For display only: the OPD a pemda-operator works for, as the identity provider knew it" }) opd?: string;
  @ApiPropertyOptional({ type: [String], description: 'For display only: the areas assigned to a pemda-operator' }) areas?: string[];
}

export class SessionView {
  @ApiProperty({ type: SessionUserView }) user: SessionUserView;
  @ApiProperty({ description: 'Send back as `x-csrf-token` on every request that changes something' }) csrfToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'Signed in through the development sign-in, not the identity provider' }) devSignIn: boolean;
}

export class SignInMethodsView {
  @ApiProperty({ description: 'The development sign-in (choose a role and Pemda) is offered' }) devSignIn: boolean;
  @ApiProperty({ description: 'Sign-in through the identity provider (Keycloak) is offered' }) identityProvider: boolean;
}

export class DevSignInOptionsView {
  @ApiProperty({ enum: ROLES, isArray: true }) roles: readonly Role[];
  @ApiProperty({ enum: WILAYAH, isArray: true }) wilayah: readonly Wilayah[];
  @ApiProperty({ type: [PemdaEntryView] }) pemda: readonly PemdaEntryView[];
}

export class SignedOutView {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uri',
    description:
      "Where the browser ends the identity provider's session too; null after a development sign-in, and when the provider names no end-session endpoint (or could not be asked)",
  })
  logoutUrl: string | null;
}

/** `principal` is the session's, with an admin's wilayah override applied (VerifierWilayahs). */
export function toSessionView(session: PortalSession, principal: AuthPrincipal, pemda: PemdaDirectory): SessionView {
  const pemdaName = principal.pemdaCode ? pemda.find(principal.pemdaCode)?.name : undefined;
  return {
    user: { ...principal, role: principal.roles[0], ...(pemdaName ? { pemdaName } : {}) },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    devSignIn: session.devSignIn,
  };
}
