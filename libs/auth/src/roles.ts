export const ROLES = ['pemda-operator', 'pemda-admin', 'verifier', 'qa', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const WILAYAH = ['I', 'II', 'III', 'IV', 'V'] as const;
export type Wilayah = (typeof WILAYAH)[number];

// Roles whose every action is limited to one Pemda or one wilayah; a token for them must say which.
export const PEMDA_SCOPED_ROLES: readonly Role[] = ['pemda-operator', 'pemda-admin'];
export const WILAYAH_SCOPED_ROLES: readonly Role[] = ['verifier', 'qa'];

export function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

export function isWilayah(value: unknown): value is Wilayah {
  return WILAYAH.some((wilayah) => wilayah === value);
}
