export const ROLES = ['pemda-operator', 'pemda-admin', 'verifier', 'qa', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

import { WILAYAH, isWilayah, type Wilayah } from '@mcp/mcp-domain';

// The wilayah words live in the domain vocabulary; auth re-exports them for its callers.
export { WILAYAH, isWilayah, type Wilayah };

// Roles whose every action is limited to one Pemda or one wilayah; a token for them must say which.
export const PEMDA_SCOPED_ROLES: readonly Role[] = ['pemda-operator', 'pemda-admin'];
export const WILAYAH_SCOPED_ROLES: readonly Role[] = ['verifier', 'qa'];

export function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}
