import { serviceCatalogue } from '@mcp/service-runtime';
import { kafkaPrincipalEnv } from '@mcp/testing';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  buildArtefacts,
  freePort,
  repositoryRoot,
  residentMiB,
  runNode,
  serviceCommand,
  startNode,
  waitForOk,
  type StartMode,
} from '../../e2e/src/service-process';

/*
 * Start-up time and idle memory of every catalogued service, from the built artefact (plain node,
 * what the images and `npm run up` run) and, for comparison, from TypeScript through swc-node (what
 * they ran before docs/decisions.md #34):
 *   start-up   spawn → first 200 from GET /health (Postgres connected, Kafka topics created and
 *              consumers subscribed: Nest listens only after that);
 *   idle RSS   VmRSS BENCH_IDLE_SECONDS after that, with nothing to do.
 * One service at a time, so the two cores serve only the one starting; medians of BENCH_ROUNDS.
 *   npm run bench:startup
 * Environment: BENCH_KAFKA_BROKERS (127.0.0.1:19092, the test broker), MCP_BENCH_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/mcp_bench_startup), BENCH_ROUNDS (3), BENCH_IDLE_SECONDS (3).
 * Writes bench/results/startup.json.
 */
const brokers = process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:19092';
const databaseUrl = process.env.MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mcp_bench_startup';
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 3);
const artefactDir = join(repositoryRoot, 'tmp', 'bench-startup-app');
const MODES: StartMode[] = ['artefact', 'swc-node'];

interface Sample {
  startupMs: number;
  idleRssMiB: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round1 = (value: number) => Math.round(value * 10) / 10;

function envFor(port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    // The test broker requires SASL (docs/decisions.md #57); start-up is measured, not the ACLs.
    ...kafkaPrincipalEnv('admin'),
    KAFKA_PARTITIONS: '3',
    LOG_LEVEL: 'warn',
    STORAGE_DIR: join(artefactDir, 'evidence'),
  };
}

async function measure(mode: StartMode, name: string): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const service = startNode(serviceCommand(mode, name, artefactDir), envFor(port));
  try {
    const startupMs = await waitForOk(`http://127.0.0.1:${port}/health`, service, started);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    return { startupMs, idleRssMiB: residentMiB(service.child.pid as number) };
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const buildStarted = performance.now();
  buildArtefacts(artefactDir);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const names = serviceCatalogue.map((service) => service.name);
  // Migrated once beforehand, so every measured start finds its schema current.
  for (const name of names) runNode(serviceCommand('artefact', name, artefactDir, 'migrate'), envFor(0));

  const samples = new Map<string, Sample[]>();
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of names) {
      for (const mode of MODES) {
        const sample = await measure(mode, name);
        samples.set(`${name}/${mode}`, [...(samples.get(`${name}/${mode}`) ?? []), sample]);
        console.log(`round ${round} ${name.padEnd(12)} ${mode.padEnd(8)} ${Math.round(sample.startupMs)} ms, ${round1(sample.idleRssMiB)} MiB`);
      }
    }
  }

  const summary = (name: string, mode: StartMode) => {
    const runs = samples.get(`${name}/${mode}`) ?? [];
    return {
      startupMs: Math.round(median(runs.map((run) => run.startupMs))),
      idleRssMiB: round1(median(runs.map((run) => run.idleRssMiB))),
      startupMsRuns: runs.map((run) => Math.round(run.startupMs)),
    };
  };
  const services = Object.fromEntries(
    names.map((name) => {
      const artefact = summary(name, 'artefact');
      const swcNode = summary(name, 'swc-node');
      return [name, { artefact, swcNode, startupSpeedup: round1(swcNode.startupMs / artefact.startupMs), rssSavedMiB: round1(swcNode.idleRssMiB - artefact.idleRssMiB) }];
    }),
  );
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtEnd: loadavg().map(round1),
    rounds,
    idleSeconds,
    measures: 'startupMs: spawn → first 200 from GET /health (median); idleRssMiB: VmRSS idleSeconds later (median)',
    buildSeconds: round1(buildSeconds),
    services,
  };
  writeFileSync(join(repositoryRoot, 'bench', 'results', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.table(
    Object.fromEntries(
      Object.entries(services).map(([name, s]) => [
        name,
        { 'artefact ms': s.artefact.startupMs, 'swc-node ms': s.swcNode.startupMs, 'artefact MiB': s.artefact.idleRssMiB, 'swc-node MiB': s.swcNode.idleRssMiB },
      ]),
    ),
  );
  rmSync(artefactDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
