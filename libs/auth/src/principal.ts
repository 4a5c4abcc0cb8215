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
}
