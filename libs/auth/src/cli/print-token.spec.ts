import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEV_AUTH_DEFAULTS } from '../dev-auth';
import { TokenVerifier } from '../token-verifier';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

function printToken(...args: string[]) {
  const env = { ...process.env };
  delete env['AUTH_ISSUER'];
  delete env['AUTH_AUDIENCE'];
  delete env['NODE_OPTIONS'];
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
});
