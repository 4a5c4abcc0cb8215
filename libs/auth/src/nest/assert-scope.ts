import { ForbiddenException } from '@nestjs/common';
import { AuthPrincipal } from '../principal';
import { Wilayah } from '../roles';
import { canActForPemda, canActForWilayah } from '../scope';

/** Throws 403 naming the Pemda when the principal may not act for it. */
export function assertCanActForPemda(principal: AuthPrincipal, pemdaCode: string): void {
  if (!canActForPemda(principal, pemdaCode)) {
    throw new ForbiddenException(
      `Anda tidak berwenang bertindak untuk Pemda ${pemdaCode} (not allowed to act for Pemda ${pemdaCode})`,
    );
  }
}

/** Throws 403 naming the wilayah when the principal may not act in it. */
export function assertCanActForWilayah(principal: AuthPrincipal, wilayah: Wilayah): void {
  if (!canActForWilayah(principal, wilayah)) {
    throw new ForbiddenException(
      `Anda tidak berwenang bertindak untuk Wilayah ${wilayah} (not allowed to act for Wilayah ${wilayah})`,
    );
  }
}
