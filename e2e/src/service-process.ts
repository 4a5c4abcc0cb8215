import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/*
 * Services as separate processes, started the way a deployment starts them (the artefact test and
 * bench/platform/startup.bench.ts), rather than in one process from their definitions as
 * platform-under-test.ts does.
 */
export const repositoryRoot = join(__dirname, '..', '..');

/**
 * `npm run build` into `out` (which must lie inside the repository, whose node_modules the
 * artefact resolves its packages from).
 */
export function buildArtefacts(out: string, services: readonly string[] = []): void {
  execFileSync(process.execPath, ['build/build-services.mjs', '--out', out, ...services], { cwd: repositoryRoot, stdio: 'pipe' });
}

/** How a service is started: from the built artefact with plain node, or from TypeScript through swc-node. */
export type StartMode = 'artefact' | 'swc-node';

export function serviceCommand(mode: StartMode, name: string, artefactDir: string, ...args: string[]): string[] {
  return mode === 'artefact'
    ? [join(artefactDir, 'services', name, 'src', 'main.js'), ...args]
    : ['-r', '@swc-node/register', join('services', name, 'src', 'main.ts'), ...args];
}

/**
 * The child's environment: ours without what Jest sets for itself (`--experimental-vm-modules`,
 * NODE_ENV=test), which a deployment does not run with, plus the service's variables.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete merged.NODE_OPTIONS;
  delete merged.NODE_ENV;
  return merged;
}

/** Runs `node <args>` to completion (e.g. `main.js migrate`); throws with its output if it fails. */
export function runNode(args: string[], env: Record<string, string>): void {
  execFileSync(process.execPath, args, { cwd: repositoryRoot, env: childEnv(env), stdio: 'pipe' });
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far, for the message of a failed start. */
  output(): string;
  stop(): Promise<void>;
}

export function startNode(args: string[], env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, args, { cwd: repositoryRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killed);
      }
    },
  };
}

/** A port nobody listens on now (the OS picks it), for a service that must be told its port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/**
 * Polls `url` every 20 ms until it answers 200; resolves with the milliseconds since `since`.
 * Fails early, with the service's output, if the process exits.
 */
export async function waitForOk(url: string, service: ServiceProcess, since: number, timeoutMs = 60_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (service.child.exitCode !== null) throw new Error(`exited with ${service.child.exitCode} before ${url} answered:\n${service.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${service.output()}`);
}

/** Resident set size in MiB, from /proc (Linux): what the process holds in RAM. */
export function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line.split(/\s+/)[1]) / 1024;
}
