import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEV_AUTH_DEFAULTS } from '../dev-auth';
import { TokenVerifier } from '../token-verifier';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

function printToken(...args: string[]) {
  return printTokenWith({}, ...args);
}

function printTokenWith(extraEnv: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['AUTH_ISSUER'];
  delete env['AUTH_AUDIENCE'];
  delete env['AUTH_JWKS_URL'];
  delete env['NODE_OPTIONS'];
  Object.assign(env, extraEnv);
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/auth/src/cli/print-token.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
  });
}

describe('print-token CLI', () => {
  it('prints only a token that TokenVerifier accepts', async () => {
    const { status, stdout } = printToken('--role', 'verifier', '--wilayah', 'I', '--sub', 'siti', '--ttl', '10m');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    await expect(new TokenVerifier(DEV_AUTH_DEFAULTS).verify(stdout.trim())).resolves.toEqual({
      subject: 'siti',
      roles: ['verifier'],
      wilayah: 'I',
    });
  });

  it.each([
    [['--role', 'verifier'], 'Peran verifier membutuhkan klaim wilayah'],
    [['--role', 'raja'], 'Peran tidak dikenal: raja'],
    [['--role', 'admin', '--ttl', 'lama'], 'Format --ttl tidak dikenal: lama'],
    [['--peran', 'admin'], "Unknown option '--peran'"],
  ])('exits 2 with usage on stderr for %j', (args, message) => {
    const { status, stdout, stderr } = printToken(...args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Pemakaian (usage):');
  });

  it("refuses Keycloak's issuer beside AUTH_JWKS_URL: services would refuse the token with 401", () => {
    const keycloak = { AUTH_JWKS_URL: 'http://127.0.0.1:8080/realms/mcp/protocol/openid-connect/certs', AUTH_ISSUER: 'http://127.0.0.1:8080/realms/mcp' };
    const refused = printTokenWith(keycloak, '--role', 'admin');
    expect([refused.status, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr).toContain('hanya memercayai kunci pengembangan');
    // The development issuer beside the identity provider is what the services trust.
    expect(printTokenWith({ AUTH_JWKS_URL: keycloak.AUTH_JWKS_URL }, '--role', 'admin').status).toBe(0);
  });
});
