import type { AuthPrincipal } from '../principal';
import { ForbiddenException } from '@nestjs/common';
import type { Role, Wilayah } from '../roles';
import { canActForPemda } from '../scope';
import { assertCanActForPemda } from './assert-scope';

/**
 * Who may read a Pemda's figures (progress, history, scores, explanations, reports): verifiers and QA work
 * across Pemda, analysts and admins watch them all, so they read every Pemda; a Pemda's own
 * operators and admins read only their own. One rule for every service.
 */
const READERS_OF_EVERY_PEMDA: readonly Role[] = ['verifier', 'qa', 'analyst', 'admin'];

/** Throws 403 naming the Pemda when the principal may not read its figures. */
export function assertMayReadPemda(principal: AuthPrincipal, pemdaCode: string): void {
  if (principal.roles.some((role) => READERS_OF_EVERY_PEMDA.includes(role))) return;
  assertCanActForPemda(principal, pemdaCode);
}

/**
 * Below this many Pemda a region's figures are its members' own: DKI Jakarta's province holds one
 * Pemda, so its average per area is that Pemda's score per area; of two, a member's own figures and
 * the average give the other's (docs/decisions.md #142).
 */
export const FEWEST_PEMDA_OF_A_SHARED_REGION = 3;

/**
 * Throws 403 naming the region when the principal may not read its figures (averages per area,
 * completeness counts, monthly series): KPK roles read every region; a Pemda's users the regions
 * their Pemda belongs to (its province, its wilayah, the nation) of at least
 * FEWEST_PEMDA_OF_A_SHARED_REGION Pemda, and a smaller one only if it is theirs alone. Not other
 * regions: regions nest (a wilayah holds provinces), so a wilayah less its other provinces would
 * give the one left out, DKI Jakarta's province among them (#142).
 */
export function assertMayReadRegion(principal: AuthPrincipal, regionCode: string, memberCodes: readonly string[]): void {
  if (principal.roles.some((role) => READERS_OF_EVERY_PEMDA.includes(role))) return;
  const member = principal.pemdaCode !== undefined && memberCodes.includes(principal.pemdaCode);
  if (member && memberCodes.length >= FEWEST_PEMDA_OF_A_SHARED_REGION) return;
  if (memberCodes.length > 0 && memberCodes.every((pemdaCode) => canActForPemda(principal, pemdaCode))) return;
  throw new ForbiddenException({
    statusCode: 403,
    error: 'NOT_ALLOWED_FOR_REGION',
    message: member
      ? `${regionNamed(regionCode)} hanya beranggotakan ${memberCodes.length} Pemda, sehingga angkanya adalah angka Pemda anggotanya: ` +
        `hanya KPK yang dapat melihatnya (region ${regionCode} has fewer than ${FEWEST_PEMDA_OF_A_SHARED_REGION} Pemda: KPK only)`
      : `Angka ${regionNamed(regionCode)} hanya untuk KPK dan Pemda anggotanya (region ${regionCode}: KPK and its own Pemda only)`,
  });
}

/**
 * A region code (`mcp.aggregate.updated.v1`'s: a province code, wilayah-I … wilayah-V, national)
 * as a message names it: in MCP a "wilayah" is one of KPK's regions I–V, never a province.
 */
function regionNamed(regionCode: string): string {
  if (regionCode === 'national') return 'Nasional';
  const wilayah = /^wilayah-(.+)$/.exec(regionCode);
  return wilayah ? `Wilayah ${wilayah[1]}` : `Provinsi ${regionCode}`;
}

/** What an audited Pemda is told of the KPK person who decided on its evidence (docs/decisions.md #46). */
export const KPK_VERIFIER_PSEUDONYM = 'Verifikator KPK';
/** ... and of the KPK admin who acted on its behalf. */
export const KPK_ADMIN_PSEUDONYM = 'Admin KPK';

/**
 * Whether the principal may see which KPK person decided or acted (KPK roles), or only that KPK
 * did (the audited Pemda: a named verifier is a verifier someone can lean on).
 */
export function mayIdentifyKpkStaff(principal: AuthPrincipal): boolean {
  return principal.roles.some((role) => READERS_OF_EVERY_PEMDA.includes(role));
}

/** A KPK person's subject as `viewer` may see it: the subject to KPK roles, else the pseudonym. */
export function kpkStaffAsSeenBy(viewer: AuthPrincipal, subject: string, pseudonym: string): string {
  return mayIdentifyKpkStaff(viewer) ? subject : pseudonym;
}

/**
 * Who may open a Pemda's evidence files (stricter than its figures: the documents themselves):
 * the Pemda's own users, the verifiers and QA of its wilayah (the people who may claim its tasks;
 * which verifier holds a task stays inside verification), and admins. The caller passes the
 * principal with the wilayah verification assigned (an admin's move wins over the token's claim:
 * `mcp.verifier.wilayah-assigned.v1`, docs/decisions.md #47).
 */
export function assertMayOpenEvidence(principal: AuthPrincipal, pemda: { code: string; wilayah: Wilayah }): void {
  const reviewsPemda = principal.roles.some((role) => role === 'verifier' || role === 'qa') && principal.wilayah === pemda.wilayah;
  if (canActForPemda(principal, pemda.code) || reviewsPemda) return;
  throw new ForbiddenException({
    statusCode: 403,
    error: 'NOT_ALLOWED_FOR_PEMDA',
    message: `Anda tidak berwenang melihat dokumen Pemda ${pemda.code} (only the Pemda, verifiers and QA of its wilayah, and admins)`,
  });
}
