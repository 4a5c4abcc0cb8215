import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** Postgres's default (scram_iterations). */
const ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier Postgres stores for a password, computed here so that `ALTER ROLE …
 * PASSWORD` carries the verifier and never the password: the statement is written to the server's
 * log under log_statement=ddl and whenever it fails (log_min_error_statement). Postgres takes a
 * verifier as it is (RFC 5802, RFC 7677). The password is prepared as the `pg` driver prepares it
 * when it signs in, so the two always agree.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const saltedPassword = pbkdf2Sync(prepared(password), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', saltedPassword).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** SASLprep as node-postgres applies it (non-ASCII spaces to a space, RFC 3454 B.1 removed, NFKC). */
function prepared(password: string): string {
  const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
  // eslint-disable-next-line no-misleading-character-class
  const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
  return password.replace(nonAsciiSpace, ' ').replace(mappedToNothing, '').normalize('NFKC');
}
