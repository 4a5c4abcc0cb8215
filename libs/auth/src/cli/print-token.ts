// Prints a DEV-ONLY token on stdout and nothing else, so `TOKEN=$(npm run -s token -- ...)` works.
// Signs with the committed dev key; AUTH_ISSUER / AUTH_AUDIENCE override the dev defaults so the
// token matches a service started with the same variables (without AUTH_JWKS_URL: beside Keycloak
// the dev key is trusted only under its own issuer, so another AUTH_ISSUER is refused).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuthenticationError } from '../authentication-error';
import { DEV_AUTH_DEFAULTS, DEV_PRIVATE_KEY_FILE } from '../dev-auth';
import { AuthPrincipal } from '../principal';
import { isRole, isWilayah, ROLES, WILAYAH } from '../roles';
import { TokenIssuer } from '../token-issuer';

const USAGE = `Pemakaian (usage):
  npm run -s token -- --role <peran> [--role <peran>...] [--pemda <kode>] [--wilayah <I..V>]
                      [--opd <nama OPD>] [--area <kode area>...]
                      [--sub <subjek>] [--name <nama>] [--ttl <durasi>]

  --role     ${ROLES.join(' | ')} (boleh diulang)
  --pemda    kode Pemda Kemendagri, wajib untuk pemda-operator / pemda-admin (mis. 32.73)
  --wilayah  ${WILAYAH.join(' | ')}, wajib untuk verifier / qa
  --opd      nama OPD operator (hanya untuk tampilan; penugasan yang berlaku disimpan layanan submissions)
  --area     kode area yang ditugaskan, mis. ANG (boleh diulang; hanya untuk tampilan)
  --sub      subjek token (bawaan: dev-<peran pertama>)
  --name     nama tampilan
  --ttl      masa berlaku, mis. 15m, 8h, 2d (bawaan: 8h)

Contoh: TOKEN=$(npm run -s token -- --role verifier --wilayah I)`;

class UsageError extends Error {}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        role: { type: 'string', multiple: true },
        pemda: { type: 'string' },
        wilayah: { type: 'string' },
        opd: { type: 'string' },
        area: { type: 'string', multiple: true },
        sub: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function principalFromArgs(argv: string[]): { principal: AuthPrincipal; ttl: string } {
  const values = parseOptions(argv);
  const roles = values.role ?? [];
  if (roles.length === 0) {
    throw new UsageError('--role wajib diisi');
  }
  const unknownRole = roles.find((role) => !isRole(role));
  if (unknownRole !== undefined) {
    throw new UsageError(`Peran tidak dikenal: ${unknownRole}`);
  }
  if (values.wilayah !== undefined && !isWilayah(values.wilayah)) {
    throw new UsageError(`Wilayah tidak dikenal: ${values.wilayah}`);
  }
  const principal: AuthPrincipal = {
    subject: values.sub ?? `dev-${roles[0]}`,
    name: values.name,
    roles: roles.filter(isRole),
    pemdaCode: values.pemda,
    wilayah: values.wilayah,
    ...(values.opd === undefined ? {} : { opd: values.opd }),
    ...(values.area === undefined ? {} : { areas: values.area }),
  };
  return { principal, ttl: values.ttl };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { principal, ttl } = principalFromArgs(argv);
  const issuer = new TokenIssuer({
    issuer: devKeyIssuer(process.env),
    audience: process.env['AUTH_AUDIENCE'] ?? DEV_AUTH_DEFAULTS.audience,
    privateKeyPem: readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8'),
  });
  process.stdout.write(`${await issueToken(issuer, principal, ttl)}\n`);
}

/**
 * Beside an identity provider (AUTH_JWKS_URL set, as `npm run up` sets it), services trust the
 * development key only under the development issuer; a token under Keycloak's issuer signed with
 * that key is refused with 401 everywhere, so it is not printed.
 */
function devKeyIssuer(env: NodeJS.ProcessEnv): string {
  const issuer = env['AUTH_ISSUER'] || DEV_AUTH_DEFAULTS.issuer;
  if (env['AUTH_JWKS_URL'] && issuer !== DEV_AUTH_DEFAULTS.issuer) {
    throw new UsageError(
      `AUTH_JWKS_URL diisi: layanan hanya memercayai kunci pengembangan dengan penerbit ${DEV_AUTH_DEFAULTS.issuer}, ` +
        `bukan ${issuer}. Kosongkan AUTH_ISSUER untuk perintah ini, atau masuk lewat Keycloak ` +
        `(beside an identity provider the development key is trusted only under its own issuer: unset AUTH_ISSUER)`,
    );
  }
  return issuer;
}

async function issueToken(issuer: TokenIssuer, principal: AuthPrincipal, ttl: string): Promise<string> {
  try {
    return await issuer.issue(principal, ttl);
  } catch (error) {
    // jose reports an unreadable time span as a TypeError; every other refusal is already Indonesian.
    throw error instanceof TypeError ? new UsageError(`Format --ttl tidak dikenal: ${ttl} (mis. 15m, 8h, 2d)`) : error;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Bad arguments and claims the issuer refuses are the user's to fix; anything else is ours.
  if (error instanceof UsageError || error instanceof AuthenticationError) {
    process.stderr.write(`Kesalahan: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`Gagal membuat token: ${String(error)}\n`);
  process.exit(1);
});
