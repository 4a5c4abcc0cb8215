import { Role, Wilayah } from './roles';

/** Who is calling, as proven by a verified token. */
export interface AuthPrincipal {
  subject: string;
  name?: string;
  roles: Role[];
  /** Kemendagri code of the Pemda a pemda-operator or pemda-admin acts for, e.g. `32.73`. */
  pemdaCode?: string;
  /** The Korsup wilayah a verifier or qa works in. */
  wilayah?: Wilayah;
  /**
   * For display only (docs/decisions.md #68): the OPD a pemda-operator works for and the areas
   * assigned to them, as the identity provider last knew them. The submissions service enforces
   * the assignment it stores, never these claims, so a change applies before the token expires.
   */
  opd?: string;
  areas?: string[];
}
