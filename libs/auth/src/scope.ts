import { AuthPrincipal } from './principal';
import { PEMDA_SCOPED_ROLES, Role, WILAYAH_SCOPED_ROLES, Wilayah } from './roles';

function hasAnyRole(principal: AuthPrincipal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** National admins act for every Pemda; pemda-operator and pemda-admin only for their own. */
export function canActForPemda(principal: AuthPrincipal, pemdaCode: string): boolean {
  if (principal.roles.includes('admin')) {
    return true;
  }
  return hasAnyRole(principal, PEMDA_SCOPED_ROLES) && principal.pemdaCode === pemdaCode;
}

/** National admins act in every wilayah; verifier and qa only in their own. */
export function canActForWilayah(principal: AuthPrincipal, wilayah: Wilayah): boolean {
  if (principal.roles.includes('admin')) {
    return true;
  }
  return hasAnyRole(principal, WILAYAH_SCOPED_ROLES) && principal.wilayah === wilayah;
}

/**
 * An admin acting for a Pemda that is not their own (uploading, withdrawing, setting its claim):
 * the Pemda's history records and shows it as done on the Pemda's behalf (docs/decisions.md #46).
 */
export function actsOnBehalfOfPemda(principal: AuthPrincipal, pemdaCode: string): boolean {
  return principal.roles.includes('admin') && !(hasAnyRole(principal, PEMDA_SCOPED_ROLES) && principal.pemdaCode === pemdaCode);
}

/**
 * Only a Pemda's operators are limited by OPD accounts (docs/decisions.md #68): its admin and KPK's
 * admins act on the whole Pemda.
 */
export function isLimitedOperator(principal: AuthPrincipal): boolean {
  return principal.roles.includes('pemda-operator') && !hasAnyRole(principal, ['pemda-admin', 'admin']);
}
