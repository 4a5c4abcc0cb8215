import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/*
 * A Postgres cluster of its own for a test that stops the database: the shared server on 5432 is
 * used by every other suite (and other developers' runs) at the same time and must never be
 * stopped. Built from the machine's Postgres binaries (Debian's /usr/lib/postgresql/<v>/bin, or
 * MCP_TEST_PG_BIN), data under .local/, trust authentication on 127.0.0.1 only. As root, Postgres
 * refuses to run, so the commands run as the `postgres` user (runuser), which owns the folder.
 */
export class ThrowawayPostgres {
  readonly dataDir: string;
  private readonly bin: string;
  private readonly asRoot = userInfo().uid === 0;

  /** `maxConnections`: 50 fits one spec; the chaos suite's twelve service processes need more. */
  constructor(
    readonly port: number,
    private readonly maxConnections = 50,
  ) {
    this.bin = postgresBinDir();
    this.dataDir = resolve(__dirname, '..', '..', '.local', `throwaway-pg-${port}`);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A fresh cluster (any previous one on this port is thrown away first), started. */
  async create(): Promise<void> {
    this.stopQuietly();
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    chmodSync(this.dataDir, 0o700);
    if (this.asRoot) chownSync(this.dataDir, postgresUid(), postgresGid());
    this.run('initdb', ['-D', this.dataDir, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    this.start();
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      this.dataDir,
      '-l',
      join(this.dataDir, 'server.log'),
      // fsync off: a test database, thrown away after the run; the socket lives in the data folder.
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off -c max_connections=${this.maxConnections}`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  }

  /** Fast shutdown: open connections are terminated, as in a failover or a crash of the server. */
  stop(): void {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  destroy(): void {
    this.stopQuietly();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private stopQuietly(): void {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    try {
      this.stop();
    } catch {
      // Already stopped: nothing to do.
    }
  }

  private run(tool: string, args: string[]): void {
    const command = join(this.bin, tool);
    const [file, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/tmp' });
  }
}

function postgresBinDir(): string {
  const configured = process.env.MCP_TEST_PG_BIN;
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('No Postgres server binaries found: install postgresql (Debian: /usr/lib/postgresql/<v>/bin) or set MCP_TEST_PG_BIN');
  }
  return join(root, versions[0], 'bin');
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}

function postgresGid(): number {
  return Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
}
