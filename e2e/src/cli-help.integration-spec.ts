import { closedPort, repositoryRoot } from '@mcp/testing';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * An operator at a terminal types `--help` before anything else: every CLI under a project's
 * `src/cli` answers it with its usage on stdout and exit 0, without reaching the database or the
 * broker (both pointed here at a port nothing listens on) and without asking for a service's
 * configuration. A new CLI is picked up by its folder.
 */
const CLI_FOLDERS = ['libs', 'services'].flatMap((top) =>
  readdirSync(join(repositoryRoot, top)).map((project) => join(top, project, 'src', 'cli')),
);
const CLIS = CLI_FOLDERS.flatMap((folder) => {
  try {
    return readdirSync(join(repositoryRoot, folder))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(folder, file));
  } catch {
    return [];
  }
});

function runHelp(cli: string, nowhere: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: `postgres://postgres@127.0.0.1:${nowhere}/mcp`,
    DATABASE_ADMIN_URL: `postgres://postgres@127.0.0.1:${nowhere}/mcp`,
    KAFKA_BROKERS: `127.0.0.1:${nowhere}`,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', cli, '--help'], { cwd: repositoryRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the command-line tools', () => {
  it('are found (the list is not empty by mistake)', () => {
    expect(CLIS).toEqual(expect.arrayContaining(['libs/messaging/src/cli/dead-letters.ts', 'services/scoring/src/cli/recompute.ts']));
  });

  it.each(CLIS)('%s answers --help with its usage and exit 0, touching neither database nor broker', async (cli) => {
    const { code, stdout, stderr } = await runHelp(cli, await closedPort());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/Pemakaian/);
  }, 90_000);
});
