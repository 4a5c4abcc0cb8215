import { JWTPayload } from 'jose';
import { AuthenticationError } from './authentication-error';
import { AuthPrincipal } from './principal';
import { isRole, isWilayah, PEMDA_SCOPED_ROLES, Role, WILAYAH_SCOPED_ROLES, Wilayah } from './roles';

// Kemendagri codes: `32` for a province, `32.73` for a kabupaten/kota.
const PEMDA_CODE_PATTERN = /^\d{2}(\.\d{2})?$/;
const AREA_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * Turns verified claims into a principal, or throws AuthenticationError('invalid-claims').
 * Role names we do not know (Keycloak adds its own, such as `offline_access`) grant nothing and
 * are dropped; a token left with no known role is refused.
 */
export function principalFromClaims(claims: JWTPayload): AuthPrincipal {
  const roles = Array.isArray(claims['roles']) ? claims['roles'].filter(isRole) : [];
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw invalidClaims('Token tidak memuat subjek (sub)');
  }
  if (roles.length === 0) {
    throw invalidClaims('Token tidak memuat peran MCP yang dikenal (roles)');
  }
  const principal: AuthPrincipal = { subject: claims.sub, roles };
  if (typeof claims['name'] === 'string') {
    principal.name = claims['name'];
  }
  if (claims['pemdaCode'] !== undefined) {
    principal.pemdaCode = pemdaCodeClaim(claims['pemdaCode']);
  }
  if (claims['wilayah'] !== undefined) {
    principal.wilayah = wilayahClaim(claims['wilayah']);
  }
  if (claims['opd'] !== undefined) {
    principal.opd = opdClaim(claims['opd']);
  }
  if (claims['areas'] !== undefined) {
    principal.areas = areasClaim(claims['areas']);
  }
  assertScopesPresent(principal);
  return principal;
}

function pemdaCodeClaim(value: unknown): string {
  if (typeof value !== 'string' || !PEMDA_CODE_PATTERN.test(value)) {
    throw invalidClaims('Klaim pemdaCode bukan kode Pemda Kemendagri (mis. 32 atau 32.73)');
  }
  return value;
}

function wilayahClaim(value: unknown): Wilayah {
  if (!isWilayah(value)) {
    throw invalidClaims('Klaim wilayah harus salah satu dari I, II, III, IV, V');
  }
  return value;
}

function opdClaim(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw invalidClaims('Klaim opd harus nama OPD (teks, paling banyak 200 karakter)');
  }
  return value;
}

// Keycloak writes a one-valued multivalued attribute as an array; a bare string is taken as one area.
function areasClaim(value: unknown): string[] {
  const areas = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(areas) || !areas.every((area) => typeof area === 'string' && AREA_CODE_PATTERN.test(area))) {
    throw invalidClaims('Klaim areas harus daftar kode area kerangka MCP (mis. ["PRC", "ANG"])');
  }
  return areas;
}

function assertScopesPresent(principal: AuthPrincipal): void {
  const roleAmong = (scoped: readonly Role[]) => principal.roles.find((role) => scoped.includes(role));
  const pemdaRole = roleAmong(PEMDA_SCOPED_ROLES);
  if (pemdaRole && !principal.pemdaCode) {
    throw invalidClaims(`Peran ${pemdaRole} membutuhkan klaim pemdaCode`);
  }
  const wilayahRole = roleAmong(WILAYAH_SCOPED_ROLES);
  if (wilayahRole && !principal.wilayah) {
    throw invalidClaims(`Peran ${wilayahRole} membutuhkan klaim wilayah`);
  }
}

function invalidClaims(message: string): AuthenticationError {
  return new AuthenticationError('invalid-claims', message);
}
