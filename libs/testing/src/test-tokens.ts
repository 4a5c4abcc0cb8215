import { TokenIssuer, type Role, type Wilayah } from '@mcp/auth';

let issuer: TokenIssuer | undefined;

/** A bearer token signed with the dev key, as `npm run token` prints one. */
export function testToken(claims: {
  role: Role;
  subject?: string;
  pemdaCode?: string;
  wilayah?: Wilayah;
  opd?: string;
  areas?: string[];
}): Promise<string> {
  issuer ??= TokenIssuer.forDevelopment();
  return issuer.issue({
    subject: claims.subject ?? `${claims.role}-tester`,
    roles: [claims.role],
    ...(claims.pemdaCode ? { pemdaCode: claims.pemdaCode } : {}),
    ...(claims.wilayah ? { wilayah: claims.wilayah } : {}),
    ...(claims.opd ? { opd: claims.opd } : {}),
    ...(claims.areas ? { areas: claims.areas } : {}),
  });
}
