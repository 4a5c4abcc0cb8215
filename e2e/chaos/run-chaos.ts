import 'reflect-metadata';
import { createEvent, eventSourceOf, EvidenceSubmitted, EvidenceVerified, Topics, type McpEvent } from '@mcp/contracts';
import { encodeEvent, createIdempotentProducer } from '@mcp/messaging';
import { DirectEventPublisher } from '@mcp/messaging/testing';
import { testToken, exampleFrameworkFor } from '@mcp/testing';
import { parseArgs } from 'node:util';
import { ChaosPlatform, portsFrom, services } from './chaos-platform';
import { checkInvariants, printTable, waitUntilQuiet, type InjectedPoison, type InvariantResult } from './invariants';
import { Workload } from './workload';

/*
 * Issue 13's chaos suite (docs/operations.md, "Running the three-broker cluster and the chaos
 * suite"): a scripted national workload through the public APIs against the three-node cluster and
 * two replicas of every service, while faults are injected one after another; then the invariants.
 * Exit code 0 when every invariant holds, 1 when one breaks, 2 when the run itself failed (or
 * --faults names an unknown fault), 130 / 143 when SIGINT / SIGTERM stopped it (everything it
 * started is stopped first; a second signal quits at once).
 *   npm run chaos [-- --port 19700] [-- --inbox-dedup-off | --unclassified-failures]
 */
const FAULTS = ['replicas', 'brokers', 'postgres', 'pause', 'poison', 'network'] as const;
const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.CHAOS_PORT ?? '19700' },
    'inbox-dedup-off': { type: 'boolean', default: false },
    'unclassified-failures': { type: 'boolean', default: false },
    'keep-running': { type: 'boolean', default: false },
    /** A subset of the faults (comma-separated), for a short run; all of them by default. */
    faults: { type: 'string', default: FAULTS.join(',') },
  },
});

/** A name misspelt would inject nothing, and a run that met no fault would still pass: refused. */
function faultsAskedFor(list: string): Set<string> {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(FAULTS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    console.error(`--faults: ${unknown.length > 0 ? `no fault named ${unknown.join(', ')}` : 'no fault named'}; the faults are ${FAULTS.join(', ')}`);
    process.exit(2);
  }
  return new Set(names);
}

const enabledFaults = faultsAskedFor(options.faults ?? '');
const startedAt = Date.now();
const stamp = () => `${String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)} s`;
const log = (line: string) => console.log(`[chaos ${stamp()}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const YEAR = 2093;

interface Fault {
  at: string;
  fault: string;
  detail: string;
}

/** Set by SIGINT / SIGTERM: the handler stops everything and exits; the run's own ending must not exit first. */
let interrupted = false;

function stopOnSignals(stopPlatform: () => Promise<void>): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    // `once`: a second Ctrl-C while the platform stops meets Node's default and quits at once.
    process.once(signal, () => {
      interrupted = true;
      process.exitCode = code;
      log(`${signal}: stopping everything (send it again to quit without waiting)`);
      void stopPlatform().finally(() => process.exit(code));
    });
  }
}

async function main(): Promise<number> {
  const switches: Record<string, string> = {};
  if (options['inbox-dedup-off']) switches.MCP_TEST_INBOX_DEDUP_OFF = 'true';
  if (options['unclassified-failures']) switches.MCP_TEST_UNCLASSIFIED_FAILURES = 'true';
  const platform = new ChaosPlatform(portsFrom(Number(options.port)), switches);
  let stopping: Promise<void> | undefined;
  const stopPlatform = () => (stopping ??= platform.stop().catch((error: unknown) => log(`stopping: ${(error as Error).message}`)));
  stopOnSignals(stopPlatform);
  const faults: Fault[] = [];
  const fault = (name: string, detail: string) => {
    faults.push({ at: stamp(), fault: name, detail });
    log(`FAULT ${name}: ${detail}`);
  };
  try {
    log(`test switches: ${Object.keys(switches).join(', ') || 'none'}`);
    await platform.prepare(log);
    log(`starting ${services.length} services × 2 replicas`);
    await platform.startAll();
    const admin = await testToken({ role: 'admin', subject: 'admin-kpk' });
    const workload = new Workload(platform, YEAR, log);
    await workload.publishFramework(admin, exampleFrameworkFor(YEAR));
    const running = workload.run(admin, () => exampleFrameworkFor(YEAR, (framework) => {
      framework.areas[0].weight += 1;
      framework.areas[1].weight -= 1;
    }));
    // Handled now, awaited later: a workload that fails while faults are injected must end in the
    // finally below (everything stopped), not crash the process and leave the platform running;
    // the faults stop at the next one.
    let workloadFailed: Error | undefined;
    running.catch((error: unknown) => {
      workloadFailed = error instanceof Error ? error : new Error(`the workload failed: ${String(error)}`);
    });
    const workloadAlive = () => {
      if (workloadFailed) throw workloadFailed;
      // A signal is stopping everything: inject nothing more.
      if (interrupted) throw new Error('interrupted');
    };
    const poison = await injectFaults(platform, workload, running, workloadAlive, fault);
    log('faults done; waiting for the workload to finish');
    await running;
    log(`workload done: ${JSON.stringify(workload.stats)}`);
    await waitUntilQuiet(platform, log);
    const results: InvariantResult[] = await checkInvariants(platform, YEAR, poison);
    results.unshift({
      name: 'every accepted upload reached a verifier and was decided',
      ok: workload.stats.neverDecided === 0,
      detail:
        workload.stats.neverDecided === 0
          ? `${workload.stats.decisions} decisions for ${workload.stats.uploads} uploads`
          : `${workload.stats.neverDecided} items never claimable, given up on after CHAOS_VERIFY_IDLE_MS without a decision (see the log)`,
    });
    console.log('\nFaults injected:');
    printTable(['at', 'fault', 'detail'], faults.map((entry) => [entry.at, entry.fault, entry.detail]));
    console.log('\nWorkload:', JSON.stringify(workload.stats));
    console.log('\nInvariants:');
    printTable(['invariant', 'result', 'detail'], results.map((result) => [result.name, result.ok ? 'PASS' : 'FAIL', result.detail]));
    const broken = results.filter((result) => !result.ok);
    console.log(broken.length === 0 ? '\nCHAOS RUN PASSED' : `\nCHAOS RUN FAILED: ${broken.map((result) => result.name).join('; ')}`);
    return broken.length === 0 ? 0 : 1;
  } finally {
    // Interrupted: the signal handler's stop, already under way, and its exit.
    if (interrupted) await stopPlatform();
    else if (!options['keep-running']) {
      log('stopping everything');
      await stopPlatform();
    }
  }
}

async function injectFaults(
  platform: ChaosPlatform,
  workload: Workload,
  running: Promise<void>,
  workloadAlive: () => void,
  fault: (name: string, detail: string) => void,
): Promise<InjectedPoison> {
  // A workload that fails before its first upload is accepted never starts: its error ends the run.
  await Promise.race([workload.started, running]);
  await sleep(5_000);

  // 1. kill -9 every replica in turn, each restarted before the next dies.
  for (const replica of enabledFaults.has('replicas') ? platform.replicas : []) {
    workloadAlive();
    platform.kill(replica);
    fault('kill -9 replica', `${replica.service}#${replica.index} (pid ${replica.pid})`);
    await sleep(2_000);
    await platform.start(replica);
  }

  workloadAlive();
  if (enabledFaults.has('brokers')) await killBrokers(platform, fault);
  workloadAlive();
  if (enabledFaults.has('postgres')) await restartPostgres(platform, workload, fault);
  workloadAlive();
  if (enabledFaults.has('pause')) await pauseConsumer(platform, fault);
  workloadAlive();
  // Poison: duplicates (must change nothing), malformed and schema-invalid (must be dead-lettered).
  const poison = enabledFaults.has('poison') ? await injectPoison(platform, workload) : { keys: new Set<string>(), duplicates: 0 };
  if (enabledFaults.has('poison')) {
    fault('poison', `${poison.duplicates} duplicate evidence.verified, ${poison.keys.size} malformed/schema-invalid evidence.submitted`);
  }
  workloadAlive();
  if (enabledFaults.has('network')) await dropNetwork(platform, fault);
  return poison;
}

/** A broker that is not the active controller, then the controller itself. */
async function killBrokers(platform: ChaosPlatform, fault: (name: string, detail: string) => void): Promise<void> {
  let leader = 1;
  try {
    leader = Number(platform.cluster('leader')) || 1;
  } catch (error) {
    log(`could not ask for the active controller (${(error as Error).message.split('\n')[0]}); taking node 1`);
  }
  const follower = [1, 2, 3].find((node) => node !== leader) ?? 1;
  for (const [node, what] of [
    [follower, 'broker'],
    [leader, 'active controller'],
  ] as const) {
    platform.cluster('kill-node', String(node));
    fault('kill -9 Kafka node', `node ${node} (${what})`);
    await sleep(15_000);
    await platform.clusterInBackground('start-node', String(node));
    log(`node ${node} back`);
  }
}

async function restartPostgres(platform: ChaosPlatform, workload: Workload, fault: (name: string, detail: string) => void): Promise<void> {
  // Decisions already published, read before the outage and sent again during it: whatever the
  // workload happens to be doing then, the consumers certainly meet the outage. Classified as
  // transient they wait and then skip them (the inbox has them); unclassified they dead-letter them.
  const replay = await workload.publishedDecisionEvents(10);
  // Postgres: fast shutdown (connections cut), 15 s away, back.
  platform.postgres.stop();
  fault('Postgres restart', 'pg_ctl stop -m fast, 15 s down');
  await sleep(2_000);
  await publishAgain(platform, replay);
  fault('events during the outage', `${replay.length} published evidence.verified sent again while Postgres is down`);
  await sleep(13_000);
  platform.postgres.start();
}

/** Events sent again with their ids, as a redelivery would: the inboxes must skip them. */
async function publishAgain(platform: ChaosPlatform, events: unknown[]): Promise<void> {
  const publisher = new DirectEventPublisher(platform.kafka('chaos-redelivery'));
  await publisher.start();
  try {
    for (const event of events) await publisher.publish(EvidenceVerified, event as McpEvent<never>);
  } finally {
    await publisher.stop();
  }
}

async function pauseConsumer(platform: ChaosPlatform, fault: (name: string, detail: string) => void): Promise<void> {
  // A consumer frozen past its session timeout: its group rebalances without it, then it returns.
  const frozen = platform.replicasOf('scoring')[0];
  process.kill(frozen.pid, 'SIGSTOP');
  fault('consumer paused', `scoring#0 SIGSTOP for 45 s (session timeout 30 s): rebalance`);
  await sleep(45_000);
  process.kill(frozen.pid, 'SIGCONT');
}

async function dropNetwork(platform: ChaosPlatform, fault: (name: string, detail: string) => void): Promise<void> {
  // The network to Kafka drops for a minute: every broker SIGSTOPped, so connections hang.
  for (const node of [1, 2, 3]) platform.cluster('pause-node', String(node));
  fault('network to Kafka dropped', 'all three nodes SIGSTOPped for 60 s');
  await sleep(60_000);
  for (const node of [1, 2, 3]) platform.cluster('resume-node', String(node));
  log('Kafka answering again');
}

async function injectPoison(platform: ChaosPlatform, workload: Workload): Promise<InjectedPoison> {
  const kafka = platform.kafka('chaos-poison');
  // Decisions already published, sent again with their ids: the inboxes must skip them.
  // Wait for a few decisions to be out, in a short run the poison comes early.
  let published = await workload.publishedDecisionEvents(5);
  for (let waited = 0; published.length < 3 && waited < 600; waited += 5) {
    await sleep(5_000);
    published = await workload.publishedDecisionEvents(5);
  }
  await publishAgain(platform, published);
  const duplicates = published.length;
  const keys = new Set<string>();
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  try {
    const runId = Date.now().toString(36);
    const messages = [];
    for (let index = 0; index < 2; index += 1) {
      const key = `chaos-malformed-${runId}-${index}`;
      keys.add(key);
      messages.push({ key, value: Buffer.from('{ bukan CloudEvent'), headers: {} });
    }
    for (let index = 0; index < 2; index += 1) {
      const key = `chaos-invalid-${runId}-${index}`;
      keys.add(key);
      const event = createEvent(EvidenceSubmitted, workload.sampleSubmitted(), eventSourceOf(EvidenceSubmitted));
      // Valid when built, broken after: the consumers' schema check must catch it.
      (event.data as unknown as Record<string, unknown>).claimedValue = 'banyak';
      const encoded = encodeEvent(event, key);
      messages.push({ key, value: encoded.value, headers: encoded.headers });
    }
    await producer.send({ topic: Topics.evidenceSubmitted, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
  return { keys, duplicates };
}

main().then(
  (code) => {
    if (interrupted) return;
    process.exitCode = code;
    // Lingering Kafka and Postgres clients must not keep a finished run alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    if (interrupted) return;
    console.error('CHAOS RUN ERROR:', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 2;
    setTimeout(() => process.exit(2), 2_000).unref();
  },
);
