import { createKafkaClient, provisionKafka } from '@mcp/messaging';
import { prepareDatabase, serviceCatalogue, serviceDatabaseUrl } from '@mcp/service-runtime';
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildArtefacts, freePort, repositoryRoot, runNode, serviceCommand, startNode, waitForOk, type ServiceProcess } from '../src/service-process';
import { ThrowawayPostgres } from '../src/throwaway-postgres';

/*
 * What the chaos suite runs against: the three-node Kafka cluster of deploy/local/kafka/kafka-cluster.sh,
 * a Postgres cluster of its own (ThrowawayPostgres: the suite restarts it), clamd, and two replicas
 * of every catalogued service as separate processes from the built artefact, as deployed.
 */
export const services = serviceCatalogue.map((service) => service.name);
export const REPLICAS = 2;

export interface ChaosPorts {
  /** Node n of the cluster serves clients on base+n-1, its controller on base+10+n-1; all within base..base+25. */
  kafkaBase: number;
  postgres: number;
  clamd: number;
}

export function portsFrom(base: number): ChaosPorts {
  return { kafkaBase: base, postgres: base + 20, clamd: base + 25 };
}

export class Replica {
  process?: ServiceProcess;
  constructor(
    readonly service: string,
    readonly index: number,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.process !== undefined && this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  get pid(): number {
    const pid = this.process?.child.pid;
    if (pid === undefined) throw new Error(`${this.service}#${this.index} has no process`);
    return pid;
  }
}

export class ChaosPlatform {
  readonly localDir: string;
  readonly postgres: ThrowawayPostgres;
  readonly artefactDir: string;
  readonly storageDir: string;
  readonly replicas: Replica[] = [];
  private credentials = new Map<string, string>();

  constructor(
    readonly ports: ChaosPorts,
    /** Extra variables for every service: the test-only switches of a can-fail run. */
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.localDir = join(repositoryRoot, '.local', `chaos-${ports.kafkaBase}`);
    this.storageDir = join(this.localDir, 'evidence');
    // One build per port: a run beside another must not rebuild what the other restarts from.
    this.artefactDir = join(repositoryRoot, 'tmp', `chaos-artefact-${ports.kafkaBase}`);
    this.postgres = new ThrowawayPostgres(ports.postgres, 400);
  }

  get brokers(): string[] {
    return [0, 1, 2].map((offset) => `127.0.0.1:${this.ports.kafkaBase + offset}`);
  }

  cluster(...args: string[]): string {
    return execFileSync('bash', [join(repositoryRoot, 'deploy/local/kafka/kafka-cluster.sh'), ...args], {
      env: { KAFKA_START_TIMEOUT: '300', ...process.env, MCP_LOCAL_DIR: this.localDir, KAFKA_CLUSTER_BASE_PORT: String(this.ports.kafkaBase) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .toString()
      .trim();
  }

  /** As `cluster`, without blocking this process: the workload goes on while a node starts. */
  async clusterInBackground(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)('bash', [join(repositoryRoot, 'deploy/local/kafka/kafka-cluster.sh'), ...args], {
      env: { KAFKA_START_TIMEOUT: '300', ...process.env, MCP_LOCAL_DIR: this.localDir, KAFKA_CLUSTER_BASE_PORT: String(this.ports.kafkaBase) },
    });
    return stdout.trim();
  }

  kafka(clientId: string) {
    return createKafkaClient({
      brokers: this.brokers,
      clientId,
      partitions: 3,
      sasl: { mechanism: 'scram-sha-512', username: 'admin', password: this.passwordOf('admin') },
    });
  }

  passwordOf(principal: string): string {
    if (this.credentials.size === 0) {
      for (const line of readFileSync(join(this.localDir, 'kafka-cluster', 'credentials.properties'), 'utf8').split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) this.credentials.set(line.slice(0, at), line.slice(at + 1));
      }
    }
    const password = this.credentials.get(principal);
    if (!password) throw new Error(`the chaos cluster has no principal ${principal}`);
    return password;
  }

  /** A fresh cluster, database and build: every run starts from nothing. */
  async prepare(log: (line: string) => void): Promise<void> {
    mkdirSync(this.storageDir, { recursive: true });
    log('building the services (npm run build)');
    buildArtefacts(this.artefactDir);
    log('starting a fresh three-node Kafka cluster');
    this.cluster('reset');
    this.credentials.clear();
    this.cluster('start');
    // Topics with replication factor 3 and min.insync.replicas 2, and the ACLs. The provisioning sets
    // min.insync.replicas on every topic (1 unless told), over the cluster's default of 2: without it
    // the chaos runs tested a cluster where one replica acknowledged a write alone.
    await provisionKafka(this.kafka('chaos-provisioning'), { services, partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    log('starting a fresh Postgres cluster and clamd');
    await this.postgres.create();
    execFileSync('bash', [join(repositoryRoot, 'deploy/local/clamav.sh'), 'start'], {
      env: { ...process.env, CLAMD_PORT: String(this.ports.clamd), MCP_LOCAL_DIR: this.localDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await prepareDatabase(this.postgres.url, services);
    for (const name of services) runNode(serviceCommand('artefact', name, this.artefactDir, 'migrate'), this.envOf(name, 0));
    for (const name of services) {
      for (let index = 0; index < REPLICAS; index += 1) this.replicas.push(new Replica(name, index, await freePort()));
    }
  }

  envOf(service: string, port: number): Record<string, string> {
    const upstreams = this.replicas
      .filter((replica) => replica.index === 0 && replica.service !== 'portal')
      .map((replica) => `${replica.service}=${replica.url}`)
      .join(',');
    return {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: serviceDatabaseUrl(this.postgres.url, service),
      KAFKA_BROKERS: this.brokers.join(','),
      KAFKA_PARTITIONS: '3',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_SASL_USERNAME: service,
      KAFKA_SASL_PASSWORD: this.passwordOf(service),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      CLAMD_PORT: String(this.ports.clamd),
      STORAGE_DIR: this.storageDir,
      CONSUMER_RETRY_BACKOFF_MS: '100',
      // Recover within seconds of a fault's end rather than the production minutes.
      CONSUMER_TRANSIENT_BACKOFF_MS: '500',
      CONSUMER_TRANSIENT_MAX_BACKOFF_MS: '4000',
      QA_SAMPLE_PERCENT: '30',
      ...(service === 'portal' && upstreams ? { PORTAL_UPSTREAMS: upstreams } : {}),
      ...this.extraEnv,
    };
  }

  async start(replica: Replica): Promise<void> {
    // A restart after stop() began (a signal during a fault) would outlive the run.
    if (this.stopping) throw new Error(`not restarting ${replica.service}#${replica.index}: the platform is stopping`);
    replica.process = startNode(serviceCommand('artefact', replica.service, this.artefactDir), this.envOf(replica.service, replica.port));
    // Each replica's whole output, across its restarts, for reading a failed run afterwards.
    const logFile = join(this.localDir, 'logs', `${replica.service}-${replica.index}.log`);
    mkdirSync(dirname(logFile), { recursive: true });
    appendFileSync(logFile, `--- started ${new Date().toISOString()} (pid ${replica.process.child.pid})\n`);
    for (const stream of [replica.process.child.stdout, replica.process.child.stderr]) stream?.on('data', (chunk: Buffer) => appendFileSync(logFile, chunk));
    await waitForOk(`${replica.url}/health/ready`, replica.process, performance.now(), 300_000);
  }

  async startAll(): Promise<void> {
    rmSync(join(this.localDir, 'logs'), { recursive: true, force: true });
    // A service's two replicas side by side; one service after another spares the two cores.
    for (const name of services) await Promise.all(this.replicas.filter((replica) => replica.service === name).map((replica) => this.start(replica)));
  }

  /** kill -9: no shutdown hook runs, the consumer leaves no group, the relay's lock goes with its session. */
  kill(replica: Replica): void {
    process.kill(replica.pid, 'SIGKILL');
  }

  replicasOf(service: string): Replica[] {
    return this.replicas.filter((replica) => replica.service === service);
  }

  /** A live replica of the service, the way a load balancer picks one. */
  urlOf(service: string, attempt = 0): string {
    const live = this.replicasOf(service).filter((replica) => replica.alive);
    const pool = live.length > 0 ? live : this.replicasOf(service);
    return pool[(attempt + Math.floor(Math.random() * pool.length)) % pool.length].url;
  }

  private stopping = false;

  async stop(): Promise<void> {
    this.stopping = true;
    // A run stopped in the middle of a fault (a signal, a failure) may leave processes SIGSTOPped;
    // a stopped process only acts on SIGTERM once resumed, and would wait out every kill timeout.
    for (const replica of this.replicas.filter((candidate) => candidate.alive)) {
      try {
        process.kill(replica.pid, 'SIGCONT');
      } catch {
        // Gone since.
      }
    }
    for (const node of [1, 2, 3]) {
      try {
        this.cluster('resume-node', String(node));
      } catch {
        // Not running.
      }
    }
    await Promise.all(this.replicas.map((replica) => replica.process?.stop()));
    for (const args of [['stop']]) {
      try {
        this.cluster(...args);
      } catch {
        // Already stopped.
      }
    }
    try {
      execFileSync('bash', [join(repositoryRoot, 'deploy/local/clamav.sh'), 'stop'], {
        env: { ...process.env, CLAMD_PORT: String(this.ports.clamd), MCP_LOCAL_DIR: this.localDir },
        stdio: 'ignore',
      });
    } catch {
      // Already stopped.
    }
    this.postgres.destroy();
  }
}
