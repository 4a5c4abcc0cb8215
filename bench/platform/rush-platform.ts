import { prepareDatabase, serviceCatalogue, serviceDatabaseUrl } from '@mcp/service-runtime';
import {
  ensureTestInfrastructure,
  kafkaPrincipalEnv,
  provisionTestKafka,
  testClamdPort,
  testDatabaseUrl,
  testKafkaBrokers,
  testKafkaDir,
  testKafkaPort,
} from '@mcp/testing';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  buildArtefacts,
  freePort,
  repositoryRoot,
  runNode,
  serviceCommand,
  startNode,
  waitForOk,
  type ServiceProcess,
} from '../../e2e/src/service-process';

/*
 * The platform the rush runs against: one broker, clamd and Postgres started (or reused) by the
 * scripts the test suite uses (@mcp/testing's ensureTestInfrastructure, on the rush's own ports, see
 * rush-env.ts), a database of its own, and every catalogued service as a separate process from the
 * built artefact, one replica each, as `npm run up` runs them.
 */
export const services = serviceCatalogue.map((service) => service.name);

export interface RunningService {
  name: string;
  url: string;
  process: ServiceProcess;
}

export class RushPlatform {
  /**
   * With a directory, every service runs under `--cpu-prof` and writes `<service>.cpuprofile` there
   * when it stops (BENCH_CPU_PROF=1).
   */
  constructor(readonly cpuProfileDir?: string) {}

  readonly localDir = join(repositoryRoot, '.local', `test-${testKafkaPort}`);
  readonly artefactDir = join(repositoryRoot, 'tmp', `bench-rush-${testKafkaPort}`);
  readonly storageDir = join(this.localDir, 'bench-rush-evidence');
  readonly running: RunningService[] = [];

  get brokers(): string {
    return testKafkaBrokers.join(',');
  }

  get databaseName(): string {
    return new URL(testDatabaseUrl).pathname.slice(1);
  }

  urlOf(service: string): string {
    const found = this.running.find((entry) => entry.name === service);
    if (!found) throw new Error(`${service} is not running`);
    return found.url;
  }

  private kafkaScript(...args: string[]): void {
    execFileSync('bash', [join(repositoryRoot, 'deploy/local/kafka/kafka.sh'), ...args], {
      env: { ...process.env, KAFKA_PORT: String(testKafkaPort), KAFKA_CONTROLLER_PORT: String(testKafkaPort + 1), MCP_LOCAL_DIR: this.localDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /**
   * A fresh broker and database every run, so a step's lag, commits and latencies are not those of
   * the previous run's leftovers; then the build, topics and ACLs, migrations and seed data (the
   * 546 Pemda every service keeps a copy of).
   */
  async prepare(log: (line: string) => void, fresh: boolean): Promise<void> {
    if (fresh && existsSync(join(this.localDir, 'kafka'))) {
      log(`fresh broker on ${testKafkaPort}`);
      this.kafkaScript('stop');
      this.kafkaScript('reset');
    }
    log(`Postgres, broker ${this.brokers} and clamd ${testClamdPort}`);
    ensureTestInfrastructure();
    if (fresh) {
      await dropDatabase(testDatabaseUrl);
      rmSync(this.storageDir, { recursive: true, force: true });
    }
    await prepareDatabase(testDatabaseUrl, services);
    log('building the services (npm run build)');
    mkdirSync(this.storageDir, { recursive: true });
    buildArtefacts(this.artefactDir);
    await provisionTestKafka();
    log('migrating and seeding every service');
    for (const name of services) runNode(serviceCommand('artefact', name, this.artefactDir, 'migrate'), this.envOf(name, 0));
  }

  private envOf(service: string, port: number): Record<string, string> {
    const upstreams = this.running.filter((entry) => entry.name !== 'portal').map((entry) => `${entry.name}=${entry.url}`);
    return {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: serviceDatabaseUrl(testDatabaseUrl, service),
      KAFKA_BROKERS: this.brokers,
      KAFKA_PARTITIONS: '3',
      // Each service as its own principal, under the ACLs production has (docs/decisions.md #57).
      ...kafkaPrincipalEnv(service),
      CLAMD_PORT: String(testClamdPort),
      STORAGE_DIR: this.storageDir,
      ...(service === 'portal' && upstreams.length > 0 ? { PORTAL_UPSTREAMS: upstreams.join(',') } : {}),
    };
  }

  /** One service after another (the portal last, it forwards to the others), each until ready. */
  async startAll(log: (line: string) => void): Promise<void> {
    const ordered = [...services.filter((name) => name !== 'portal'), ...services.filter((name) => name === 'portal')];
    for (const name of ordered) {
      const port = await freePort();
      const process = startNode([...this.profilingFlags(name), ...serviceCommand('artefact', name, this.artefactDir)], this.envOf(name, port));
      const url = `http://127.0.0.1:${port}`;
      const ms = await waitForOk(`${url}/health/ready`, process, performance.now(), 180_000);
      this.running.push({ name, url, process });
      log(`${name} ready on ${port} after ${Math.round(ms)} ms (pid ${process.child.pid})`);
    }
  }

  /**
   * `--cpu-prof` writes the profile only at a normal exit; the preloaded cpu-profile-exit.cjs turns
   * the signal Nest raises again after its graceful close into one.
   */
  private profilingFlags(service: string): string[] {
    if (!this.cpuProfileDir) return [];
    return [
      '-r',
      join(__dirname, 'cpu-profile-exit.cjs'),
      '--cpu-prof',
      `--cpu-prof-dir=${this.cpuProfileDir}`,
      `--cpu-prof-name=${service}.cpuprofile`,
    ];
  }

  /** The processes whose CPU and memory the rush reports, by name. */
  processIds(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const entry of this.running) pids[entry.name] = entry.process.child.pid as number;
    const broker = pidFile(join(testKafkaDir, 'broker.pid'));
    if (broker) pids.kafka = broker;
    const clamd = pidFile(join(this.localDir, 'clamav', 'clamd.pid'));
    if (clamd) pids.clamd = clamd;
    return pids;
  }

  async stopServices(): Promise<void> {
    // A profiled service needs longer than stop()'s 10 s before SIGKILL: it closes, then writes its profile.
    if (this.cpuProfileDir) await Promise.all(this.running.map((entry) => stopAndWait(entry.process, 120_000)));
    await Promise.all(this.running.map((entry) => entry.process.stop()));
    this.running.length = 0;
    rmSync(this.artefactDir, { recursive: true, force: true });
  }

  /** The broker and clamd this run started or reused (Postgres is the machine's, left running). */
  stopInfrastructure(): void {
    try {
      this.kafkaScript('stop');
    } catch {
      // Already stopped.
    }
    try {
      execFileSync('bash', [join(repositoryRoot, 'deploy/local/clamav.sh'), 'stop'], {
        env: { ...process.env, CLAMD_PORT: String(testClamdPort), MCP_LOCAL_DIR: this.localDir },
        stdio: 'ignore',
      });
    } catch {
      // Already stopped.
    }
  }
}

/** SIGTERM, then the exit awaited for up to `limitMs` (the caller's stop() kills what is left). */
async function stopAndWait(service: ServiceProcess, limitMs: number): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)))]);
  clearTimeout(timer);
}

function pidFile(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && existsSync(`/proc/${pid}`) ? pid : undefined;
}

async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^mcp_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}: the rush drops only an mcp_bench_* database`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
