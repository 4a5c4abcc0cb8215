import './rush-env';
import type { Framework } from '@mcp/mcp-domain';
import { testDatabaseUrl, testKafkaClient, testToken, exampleFrameworkFor } from '@mcp/testing';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { repositoryRoot } from '../../e2e/src/service-process';
import { dropPerfTopic, kafkaEndToEndCeiling, kafkaProducerCeiling, postgresCopyCeiling, postgresInsertCeiling } from './rush-ceilings';
import { summariseProfiles, type ProfileWindow } from './cpu-profile-summary';
import { rushChart } from './rush-chart';
import { RushLoad, StepCounters, closedLoop, openLoop, uploadItems, type SentUpload } from './rush-load';
import { DatabaseProbe, ResourceMeter, consumerLag, cores, offsetCommitRecords, percentiles } from './rush-measure';
import type { LagSample, RushResult, StepResult } from './rush-result';
import { RushPlatform } from './rush-platform';
import { startStatementWindow, statementBreakdown } from './rush-statements';
import { AutovacuumStandIn } from './autovacuum-stand-in';

/*
 * The national deadline rush (issue 16, "The benchmark"): the real platform on this machine (one
 * broker, Postgres, clamd, every service from the built artefact), 546 Pemda and a full framework,
 * driven through the public HTTP APIs at rising rates; the ceilings of Kafka and Postgres measured
 * in the same run. bench/README.md says what each figure means and shows one run.
 *   npm run bench:rush
 * Environment (defaults make a run of about 9-11 minutes on 2 cores):
 *   BENCH_UPLOAD_RATES (25,50,100,200,250 a second), BENCH_UPLOAD_STEP_SECONDS (20),
 *   BENCH_DECISION_RATES (10,25,50,100 claim+decide a second), BENCH_DECISION_STEP_SECONDS (20),
 *   BENCH_CLOSED_LOOP_VERIFIERS (20; a list, e.g. 20,40, runs one closed-loop step per count), BENCH_CLOSED_LOOP_SECONDS (20),
 *   BENCH_DRAIN_SECONDS (30: after each step, at most this long for the lag to reach zero),
 *   BENCH_PRECHECK_WAIT_SECONDS (60: before the decision steps, at most this long for submissions'
 *   file pre-checks to catch up with the uploads),
 *   BENCH_IDLE_SECONDS (10), BENCH_MAX_IN_FLIGHT (400), BENCH_CEILING_RECORDS (100000),
 *   BENCH_RECORD_BYTES (1000), BENCH_FRESH (1: a fresh broker and database), BENCH_KEEP_INFRA (0:
 *   stop the broker and clamd at the end), BENCH_KAFKA_PORT (19492; clamd on +2),
 *   MCP_BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/mcp_bench_rush, through the server's Unix
 *   socket when it lets postgres in there, as `npm run up` does), BENCH_OUT (bench/results/rush),
 *   BENCH_CPU_PROF (0; 1: every service runs under `node --cpu-prof`, its profile written into
 *   BENCH_CPU_PROF_DIR, tmp/rush-cpuprofiles-<broker port>, when it stops, and summarised into
 *   <BENCH_OUT>-profile.json: top self-time functions and packages per service, over the whole run
 *   and over the upload and decision steps).
 *   BENCH_PG_STATEMENTS (0; 1: pg_stat_statements over the upload steps and over the decision steps, by service role, into
 *   <BENCH_OUT>-statements.json; needs the extension preloaded, bench/README.md).
 *   BENCH_AUTOVACUUM (1: when the server runs with autovacuum off, as these machines' CI configuration
 *   does, a stand-in vacuums and analyses the rush's tables at autovacuum's default thresholds every
 *   60 s, bench/platform/autovacuum-stand-in.ts; 0: leave them as the server does).
 * Writes <BENCH_OUT>.json and <BENCH_OUT>.svg.
 */
const numbers = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((entry) => Number(entry.trim()))
    .filter((entry) => entry > 0);
const config = {
  // 250/s is issue 16's upload target, so a default run can say whether it holds; its 5,000 uploads
  // also leave the closed loop a queue it does not empty on a fast host.
  uploadRates: numbers(process.env.BENCH_UPLOAD_RATES, '25,50,100,200,250'),
  uploadStepSeconds: Number(process.env.BENCH_UPLOAD_STEP_SECONDS ?? 20),
  decisionRates: numbers(process.env.BENCH_DECISION_RATES, '10,25,50,100'),
  decisionStepSeconds: Number(process.env.BENCH_DECISION_STEP_SECONDS ?? 20),
  // One closed-loop step per count, in order: issue 16 speaks of 10-40 verifiers.
  closedLoopVerifiers: numbers(process.env.BENCH_CLOSED_LOOP_VERIFIERS, '20'),
  closedLoopSeconds: Number(process.env.BENCH_CLOSED_LOOP_SECONDS ?? 20),
  drainSeconds: Number(process.env.BENCH_DRAIN_SECONDS ?? 30),
  precheckWaitSeconds: Number(process.env.BENCH_PRECHECK_WAIT_SECONDS ?? 60),
  idleSeconds: Number(process.env.BENCH_IDLE_SECONDS ?? 10),
  maxInFlight: Number(process.env.BENCH_MAX_IN_FLIGHT ?? 400),
  ceilingRecords: Number(process.env.BENCH_CEILING_RECORDS ?? 100_000),
  recordBytes: Number(process.env.BENCH_RECORD_BYTES ?? 1000),
  fresh: process.env.BENCH_FRESH !== '0',
  keepInfrastructure: process.env.BENCH_KEEP_INFRA === '1',
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  pgStatements: process.env.BENCH_PG_STATEMENTS === '1',
  autovacuumStandIn: process.env.BENCH_AUTOVACUUM !== '0',
  year: 2095,
};
const out = process.env.BENCH_OUT ?? join(repositoryRoot, 'bench', 'results', 'rush');
const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR ?? join(repositoryRoot, 'tmp', `rush-cpuprofiles-${process.env.MCP_TEST_KAFKA_PORT}`);
/** The clock of V8's profile timestamps (monotonic, microseconds), so a step can be cut out of a profile. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

const startedAt = Date.now();
const log = (line: string) => console.log(`[rush ${String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The bench's own process (HTTP clients, the aggregate follower, the probes) over a step: it shares
 * the two cores with the platform, so what it takes the platform cannot have. Kept apart from the
 * platform's CPU per operation, which it is not part of.
 */
function loadGeneratorCpu(usage: NodeJS.CpuUsage, windowSeconds: number, perOperation: (value: number) => number): StepResult['loadGeneratorCpu'] {
  const cpuMs = Math.round((usage.user + usage.system) / 1000);
  return { cpuMs, cpuPercentOfMachine: round1((100 * cpuMs) / 1000 / windowSeconds / cores), msPerOperation: perOperation(cpuMs) };
}

async function main(): Promise<void> {
  if (config.cpuProfile) {
    rmSync(cpuProfileDir, { recursive: true, force: true });
    mkdirSync(cpuProfileDir, { recursive: true });
  }
  const platform = new RushPlatform(config.cpuProfile ? cpuProfileDir : undefined);
  const profileWindows: ProfileWindow[] = [];
  const timeline: LagSample[] = [];
  let currentStep = 'idle';
  let sampling: NodeJS.Timeout | undefined;
  let load: RushLoad | undefined;
  let database: DatabaseProbe | undefined;
  let autovacuum: AutovacuumStandIn | undefined;
  try {
    await platform.prepare(log, config.fresh);
    await platform.startAll(log);
    const kafka = testKafkaClient('bench-rush-admin');
    database = await DatabaseProbe.connect(testDatabaseUrl);
    if (config.autovacuumStandIn) {
      autovacuum = await AutovacuumStandIn.startIfOff(testDatabaseUrl);
      if (autovacuum) log('the server runs with autovacuum off: a stand-in vacuums and analyses at its default thresholds every 60 s');
    }
    const probe = database;
    const meter = new ResourceMeter(() => platform.processIds(), probe);

    const admin = await testToken({ role: 'admin', subject: 'bench-rush-admin' });
    const framework = exampleFrameworkFor(config.year);
    await publishFramework(platform.urlOf('scoring'), admin, framework);
    const subIndicators = framework.areas.flatMap((area) => area.indicators.flatMap((indicator) => indicator.subIndicators.map((sub) => sub.code)));
    const items = uploadItems(subIndicators);
    log(`framework ${config.year} published: ${subIndicators.length} sub-indicators × ${items.length / subIndicators.length} Pemda = ${items.length} uploads possible`);
    load = new RushLoad((service) => platform.urlOf(service), items, config.year);
    const rush = load;
    await rush.watchNationalAggregate();

    const drain = async (until: () => Promise<boolean> | boolean, limitSeconds = config.drainSeconds): Promise<number> => {
      const started = performance.now();
      let quiet = 0;
      while ((performance.now() - started) / 1000 < limitSeconds) {
        const lag = await consumerLag(kafka);
        quiet = Object.values(lag).reduce((sum, value) => sum + value, 0) === 0 && (await until()) ? quiet + 1 : 0;
        if (quiet >= 2) break;
        await sleep(1000);
      }
      return round1((performance.now() - started) / 1000);
    };

    log('warm-up: one upload, its task, one decision and its national aggregate');
    await warmUp(rush, probe);
    await drain(() => true);

    log(`idle baseline: ${config.idleSeconds} s with nothing to do`);
    await sleep(2000);
    const idleCommits = await probe.commits();
    await meter.start();
    await sleep(config.idleSeconds * 1000);
    const idleWindow = await meter.finish();
    const idleCommitsAfter = await probe.commits();
    const idleCommitsPerSecond = round1((idleCommitsAfter.commits - idleCommits.commits - (idleCommitsAfter.own - idleCommits.own)) / config.idleSeconds);
    const idle = { seconds: config.idleSeconds, commitsPerSecond: idleCommitsPerSecond, ...idleWindow };
    log(`idle: ${idleCommitsPerSecond} commits/s; CPU % of machine ${JSON.stringify(idleWindow.cpuPercentOfMachine)}`);

    const loadStarted = performance.now();
    let sampleRunning = false;
    sampling = setInterval(() => {
      if (sampleRunning) return;
      sampleRunning = true;
      meter.sample();
      consumerLag(kafka)
        .then((byGroup) => timeline.push({ t: round1((performance.now() - loadStarted) / 1000), step: currentStep, total: Object.values(byGroup).reduce((a, b) => a + b, 0), byGroup }))
        .catch(() => undefined)
        .finally(() => (sampleRunning = false));
    }, 2000);

    const steps: StepResult[] = [];
    const runStep = async (
      name: string,
      kind: StepResult['kind'],
      seconds: number,
      drive: (counters: StepCounters) => Promise<{ elapsedSeconds: number; skipped?: number }>,
      settled: () => Promise<boolean> | boolean,
      extra: Partial<StepResult>,
      drainLimitSeconds = config.drainSeconds,
    ): Promise<StepResult> => {
      currentStep = name;
      const counters = new StepCounters();
      const commitsBefore = await probe.commits();
      const offsetRecordsBefore = await offsetCommitRecords(kafka);
      const windowStarted = performance.now();
      const windowStartedAt = Date.now();
      const lagFrom = timeline.length;
      await meter.start();
      const benchCpuBefore = process.cpuUsage();
      const driven = await drive(counters);
      const drainSeconds = await drain(settled, drainLimitSeconds);
      await sleep(1500);
      const commitsAfter = await probe.commits();
      const offsetRecords = (await offsetCommitRecords(kafka)) - offsetRecordsBefore;
      const resources = await meter.finish();
      const benchCpu = process.cpuUsage(benchCpuBefore);
      const prechecks = await precheckProgress(probe, windowStartedAt, Date.now());
      const windowSeconds = (performance.now() - windowStarted) / 1000;
      const commits = commitsAfter.commits - commitsBefore.commits - (commitsAfter.own - commitsBefore.own);
      const perOperation = (value: number) => (counters.ok === 0 ? 0 : round1(value / counters.ok));
      const totalCpuMs = Object.values(resources.cpuMs).reduce((sum, value) => sum + value, 0);
      const lags = timeline.slice(lagFrom).map((sample) => sample.total);
      const result: StepResult = {
        name,
        kind,
        seconds,
        elapsedSeconds: round1(driven.elapsedSeconds),
        ok: counters.ok,
        achievedPerSecond: round1(counters.ok / Math.max(driven.elapsedSeconds, seconds)),
        ...(kind !== 'upload' ? { emptyClaims: counters.empty } : {}),
        ...(driven.skipped !== undefined ? { skippedOverInFlightCap: driven.skipped } : {}),
        failures: Object.fromEntries(counters.failures),
        httpMs: Object.fromEntries([...counters.http].map(([route, values]) => [route, percentiles(values)])),
        drainSeconds,
        prechecks: { checked: prechecks.checked, perSecond: round1(prechecks.checked / ((performance.now() - windowStarted) / 1000)), backlogAtEnd: prechecks.backlog },
        lag: { max: Math.max(0, ...lags), atEnd: lags.at(-1) ?? 0 },
        commits: {
          total: commits,
          perOperation: perOperation(commits),
          perOperationNetOfIdle: perOperation(Math.max(0, commits - idleCommitsPerSecond * windowSeconds)),
        },
        offsetCommitRecords: { total: offsetRecords, perOperation: perOperation(offsetRecords) },
        cpu: {
          ...resources,
          windowSeconds: round1(windowSeconds),
          msPerOperation: perOperation(totalCpuMs),
          msPerOperationByProcess: Object.fromEntries(Object.entries(resources.cpuMs).map(([process, ms]) => [process, perOperation(ms)])),
        },
        loadGeneratorCpu: loadGeneratorCpu(benchCpu, windowSeconds, perOperation),
        ...extra,
      };
      steps.push(result);
      log(
        `${name}: ${result.ok} ok, ${result.achievedPerSecond}/s, http ${Object.entries(result.httpMs)
          .map(([route, p]) => `${route} p99 ${p.p99} ms`)
          .join('; ')}, ${result.commits.perOperation} commits/op, ${result.offsetCommitRecords.perOperation} offset commit records/op, ${result.cpu.msPerOperation} ms CPU/op, lag max ${result.lag.max}${
          Object.keys(result.failures).length > 0 ? `, failures ${JSON.stringify(result.failures)}` : ''
        }`,
      );
      return result;
    };

    const claimableAt = async (evidenceIds: string[]): Promise<Map<string, number>> => {
      const rows = await probe.query<{ id: string; at: number }>(
        `SELECT te.evidence_id::text AS id, extract(epoch FROM t.created_at) * 1000 AS at
           FROM verification.task_evidence te JOIN verification.task t ON t.id = te.task_id
          WHERE te.evidence_id = ANY($1::uuid[])`,
        [evidenceIds],
      );
      return new Map(rows.map((row) => [row.id, Number(row.at)]));
    };

    // Every upload is inspected afterwards by submissions' pre-check worker (a thread per file),
    // off the path to the verification queue: measured apart, and its backlog said per step.
    const prechecked = async (evidenceIds: string[]): Promise<Map<string, number>> => {
      const rows = await probe.query<{ id: string; at: number }>(
        `SELECT evidence_id::text AS id, extract(epoch FROM finished_at) * 1000 AS at
           FROM submissions.evidence_precheck WHERE status NOT IN ('queued', 'running') AND evidence_id = ANY($1::uuid[])`,
        [evidenceIds],
      );
      return new Map(rows.map((row) => [row.id, Number(row.at)]));
    };

    const statementWindows: Record<string, unknown> = {};
    if (config.pgStatements) await startStatementWindow(probe);
    const uploadsFrom = monotonicMicros();
    for (const rate of config.uploadRates) {
      const name = `upload ${rate}/s`;
      const idsOfStep = () => [...rush.uploads.values()].filter((upload) => upload.step === name).map((upload) => upload.evidenceId);
      const result = await runStep(
        name,
        'upload',
        config.uploadStepSeconds,
        (counters) => openLoop(rate, config.uploadStepSeconds, config.maxInFlight, () => rush.upload(name, counters)),
        async () => (await claimableAt(idsOfStep())).size === idsOfStep().length,
        { offeredPerSecond: rate },
      );
      const ids = idsOfStep();
      const sent = (id: string) => rush.uploads.get(id) as SentUpload;
      const found = await claimableAt(ids);
      const claimable = ids.filter((id) => found.has(id));
      result.uploadToClaimableMs = { ...percentiles(claimable.map((id) => Math.max(0, (found.get(id) as number) - sent(id).sentAt))), missing: ids.length - found.size };
      result.uploadAnswerToClaimableMs = percentiles(claimable.map((id) => Math.max(0, (found.get(id) as number) - sent(id).answeredAt)));
      log(
        `${name}: upload → claimable p50 ${result.uploadToClaimableMs.p50} p99 ${result.uploadToClaimableMs.p99} ms (${result.uploadToClaimableMs.missing} not claimable); ` +
          `pre-checks ${result.prechecks?.perSecond}/s, ${result.prechecks?.backlogAtEnd} waiting`,
      );
      if (rush.itemsLeft === 0) log('every (Pemda, sub-indicator) has been uploaded: later upload steps have nothing to send');
    }

    const uploadSteps = steps.filter((step) => step.kind === 'upload');
    profileWindows.push({ name: 'upload steps', fromMicros: uploadsFrom, toMicros: monotonicMicros(), operations: uploadSteps.reduce((sum, step) => sum + step.ok, 0) });
    // The pre-checks the upload steps left behind are worked off here, outside every step's window:
    // metered on their own, so the uploads' whole CPU is the steps' plus this.
    const precheckBacklogAfterUploads = await precheckBacklog(probe);
    const waitStarted = performance.now();
    const waitStartedAt = Date.now();
    await meter.start();
    while ((await precheckBacklog(probe)) > 0 && (performance.now() - waitStarted) / 1000 < config.precheckWaitSeconds) await sleep(2000);
    const precheckWindow = await meter.finish();
    const precheckBacklogBeforeDecisions = await precheckBacklog(probe);
    const precheckWait = {
      seconds: round1((performance.now() - waitStarted) / 1000),
      backlogAtStart: precheckBacklogAfterUploads,
      checked: (await precheckProgress(probe, waitStartedAt, Date.now())).checked,
      cpuMs: precheckWindow.cpuMs,
    };
    log(
      `pre-check backlog before the decision steps: ${precheckBacklogBeforeDecisions} files (waited ${precheckWait.seconds} s, ` +
        `${precheckWait.checked} checked, submissions ${precheckWait.cpuMs.submissions ?? 0} ms CPU)`,
    );
    if (config.pgStatements) statementWindows['upload steps and their pre-checks'] = await statementBreakdown(probe, uploadSteps.reduce((sum, step) => sum + step.ok, 0));

    const decisionsOf = (name: string) => [...rush.decisions.values()].filter((decision) => decision.step === name);
    const closeDecisionStep = async (result: StepResult) => {
      // Empty claims mean the queue ran dry: the step's rate is then what the uploads left, not the platform's ceiling.
      const [{ open }] = await probe.query<{ open: number }>(`SELECT count(*)::int AS open FROM verification.task WHERE status = 'open'`);
      result.tasksLeftAtEnd = open;
      result.ranOutOfTasks = (result.emptyClaims ?? 0) > 0;
      if (result.ranOutOfTasks) log(`${result.name}: ran out of tasks (${result.emptyClaims} empty claims, ${open} open at the end): its rate is no ceiling`);
      const seen = decisionsOf(result.name).flatMap((decision) => {
        const at = rush.nationalAggregateAt(decision);
        return at === undefined ? [] : [{ ...decision, nationalAt: at }];
      });
      const missing = decisionsOf(result.name).length - seen.length;
      result.decisionToNationalMs = { ...percentiles(seen.map((decision) => decision.nationalAt - decision.sentAt)), missing };
      result.decisionAnswerToNationalMs = percentiles(seen.map((decision) => Math.max(0, decision.nationalAt - decision.answeredAt)));
      const byTrace = decisionsOf(result.name).flatMap((decision) => {
        const at = rush.nationalAggregateByTraceAt(decision);
        return at === undefined ? [] : [at - decision.sentAt];
      });
      result.decisionToNationalByTraceMs = { ...percentiles(byTrace), missing: decisionsOf(result.name).length - byTrace.length };
      log(`${result.name}: decision → national aggregate p50 ${result.decisionToNationalMs.p50} p99 ${result.decisionToNationalMs.p99} ms (${missing} not seen); by trace id as before #92: p99 ${result.decisionToNationalByTraceMs.p99} ms, ${result.decisionToNationalByTraceMs.missing} not seen`);
    };
    const allSeen = (name: string) => () => decisionsOf(name).every((decision) => rush.nationalAggregateAt(decision) !== undefined);

    if (config.pgStatements) await startStatementWindow(probe);
    const decisionsFrom = monotonicMicros();
    for (const rate of config.decisionRates) {
      const name = `claim+decide ${rate}/s`;
      const result = await runStep(
        name,
        'decide-open',
        config.decisionStepSeconds,
        (counters) => openLoop(rate, config.decisionStepSeconds, config.maxInFlight, () => rush.claimAndDecide(name, counters)),
        allSeen(name),
        { offeredPerSecond: rate },
      );
      await closeDecisionStep(result);
    }
    for (const verifiers of config.closedLoopSeconds > 0 ? config.closedLoopVerifiers : []) {
      const name = `closed loop, ${verifiers} verifiers`;
      const result = await runStep(
        name,
        'decide-closed',
        config.closedLoopSeconds,
        (counters) => closedLoop(verifiers, config.closedLoopSeconds, () => rush.claimAndDecide(name, counters)),
        allSeen(name),
        { verifiers },
      );
      await closeDecisionStep(result);
    }
    const decisionSteps = steps.filter((step) => step.kind !== 'upload');
    if (config.pgStatements) {
      statementWindows['decision steps (claim + decide)'] = await statementBreakdown(probe, decisionSteps.reduce((sum, step) => sum + step.ok, 0));
      writeFileSync(`${out}-statements.json`, `${JSON.stringify({ measuredAt: new Date().toISOString(), windows: statementWindows }, null, 2)}\n`);
      log(`wrote ${out}-statements.json`);
    }
    profileWindows.push({ name: 'decision steps', fromMicros: decisionsFrom, toMicros: monotonicMicros(), operations: decisionSteps.reduce((sum, step) => sum + step.ok, 0) });
    clearInterval(sampling);
    sampling = undefined;
    currentStep = 'ceilings';
    for (const step of uploadSteps) {
      const ids = [...rush.uploads.values()].filter((upload) => upload.step === step.name);
      const checked = await prechecked(ids.map((upload) => upload.evidenceId));
      const done = ids.filter((upload) => checked.has(upload.evidenceId));
      step.uploadToPrecheckedMs = {
        ...percentiles(done.map((upload) => Math.max(0, (checked.get(upload.evidenceId) as number) - upload.sentAt))),
        missing: ids.length - done.length,
      };
    }

    // The ceilings measure Postgres and Kafka alone: no vacuum of the rush's tables beside them.
    await autovacuum?.stop();
    log(`ceilings: Kafka producer (${config.ceilingRecords} × ${config.recordBytes} B), end-to-end latency, Postgres COPY of ${config.ceilingRecords} rows, one-row transactions`);
    const producer = await kafkaProducerCeiling(kafka, config.ceilingRecords, config.recordBytes);
    log(`kafka producer: ${producer.recordsPerSecond} records/s, p99 ${producer.latencyMs.p99} ms`);
    const endToEnd = await kafkaEndToEndCeiling(kafka, 2000, config.recordBytes);
    log(`kafka end-to-end: p50 ${endToEnd.latencyMs.p50} ms, p99 ${endToEnd.latencyMs.p99} ms`);
    await dropPerfTopic(kafka);
    const copy = await postgresCopyCeiling(testDatabaseUrl, config.ceilingRecords);
    log(`postgres COPY: ${copy.rowsPerSecond} rows/s`);
    const inserts = await postgresInsertCeiling(testDatabaseUrl, 16, 5);
    log(`postgres one-row transactions, 16 clients: ${inserts.transactionsPerSecond}/s`);

    const result: RushResult & Record<string, unknown> = {
      benchmark: 'national deadline rush (issue 16): the real platform through its public HTTP APIs, ceilings in the same run',
      measuredAt: new Date().toISOString(),
      machine: { cores, loadAverageAtEnd: loadavg().map(round1), node: process.version },
      config,
      platform: {
        services: platform.running.map((entry) => entry.name),
        brokers: platform.brokers,
        database: platform.databaseName,
        // A Unix socket (`?host=/…`) or loopback TCP: statements cost less over the socket (docs/decisions.md #109).
        databaseConnection: new URL(testDatabaseUrl).searchParams.get('host') ?? 'tcp',
        pemda: items.length / subIndicators.length,
        subIndicators: subIndicators.length,
        year: config.year,
      },
      measures: {
        achievedPerSecond: 'operations answered with success / max(step length, time until the last answer)',
        httpMs: 'from sending a request to its whole answer, per route (the bench process on the same machine)',
        uploadToClaimableMs:
          "from sending the upload to its task's created_at in verification; uploadAnswerToClaimableMs from its 201. A lower bound: created_at is verification's clock when its consumer handles the event, inside the batch's transaction, and a claim can get the task only once that transaction commits (later by the rest of the batch and the commit)",
        uploadToPrecheckedMs: 'from sending the upload to the end of its file pre-check in submissions (finished_at), over the whole run; missing: not checked by the end of the decision steps',
        prechecks: "files submissions' pre-check worker finished during the step and its drain, and how many uploads still wait for one at its end",
        decisionToNationalMs:
          'from sending the decision to the arrival, at a consumer of mcp.aggregate.updated.v1, of the first national aggregate event naming the decision in its decisionIds (docs/decisions.md #92); missing: never named by the end of the step and its drain; decisionAnswerToNationalMs from its 201',
        decisionToNationalByTraceMs:
          "the measure before #92, for comparison: to the first national aggregate carrying the decision's own trace id; since scoring batches (#79) an aggregate carries one decision's trace, so most decisions are missing from it and the percentiles describe only the matched ones",
        lag: 'sum over every service consumer group of end offset minus committed offset, sampled every 2 s; since #111 a group commits at most once a second (CONSUMER_COMMIT_INTERVAL_MS), so up to a second of handled events reads as lag',
        offsetCommitRecords: 'records appended to __consumer_offsets over the step and its drain: one per partition named by an offset commit, plus a few per rebalance',
        commits: "pg_stat_database.xact_commit of the rush's database over the step and its drain, the bench's own queries left out; net of idle subtracts the idle baseline's commits per second",
        cpu: "utime+stime from /proc of each service, the broker, clamd and the Postgres backends serving the database, over the step and its drain; msPerOperation is the sum over them divided by the successful operations. An upload step leaves part of its files' pre-checks to later windows (prechecks.backlogAtEnd): to the next step, and after the last to precheckWait, so a later or last upload step's CPU per upload holds some pre-checks of earlier ones and misses some of its own",
        precheckWait: 'the wait for the pre-check backlog before the decision steps (at most BENCH_PRECHECK_WAIT_SECONDS): files checked and CPU per process in it, outside every step',
        ranOutOfTasks:
          'decision steps: emptyClaims > 0, a claim found no open task (tasksLeftAtEnd: open tasks at the end of the step and its drain); the achieved rate is then bounded by what the uploads left, not the platform',
        loadGeneratorCpu: "the bench process's own utime+stime (process.cpuUsage) over the same window: the load it generates, the follower of aggregate events and its probes; not part of cpu",
        maxRssMiB: 'largest VmRSS seen during the step',
      },
      // null: the server's own autovacuum ran (or BENCH_AUTOVACUUM=0 left the tables as the server does).
      autovacuumStandIn: autovacuum ? { naptimeSeconds: 60, passes: autovacuum.passes } : null,
      idle,
      precheckBacklogBeforeDecisions,
      precheckWait,
      steps,
      lagTimeline: timeline,
      aggregateEvents: rush.aggregateEvents,
      ceilings: {
        kafkaProducer: producer,
        kafkaEndToEnd: endToEnd,
        postgresCopy: copy,
        postgresOneRowTransactions: inserts,
      },
      targets: ISSUE_TARGETS,
    };
    writeFileSync(`${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${out}.svg`, rushChart(result, `${basename(out)}.json`));
    log(`wrote ${out}.json and ${out}.svg`);
    if (config.cpuProfile) {
      log(`stopping the services so they write their CPU profiles into ${cpuProfileDir}`);
      await platform.stopServices();
      writeProfileSummary(profileWindows, [platform.artefactDir, repositoryRoot]);
    }
  } finally {
    if (sampling) clearInterval(sampling);
    await load?.stop().catch(() => undefined);
    await database?.end().catch(() => undefined);
    await autovacuum?.stop();
    await platform.stopServices();
    if (!config.keepInfrastructure) platform.stopInfrastructure();
  }
}

/** <BENCH_OUT>-profile.json: each service's profile summarised over the whole run and each window. */
function writeProfileSummary(windows: ProfileWindow[], roots: string[]): void {
  const services = summariseProfiles(cpuProfileDir, roots, windows);
  const summary = {
    benchmark: 'national deadline rush (issue 16) with every service under node --cpu-prof (BENCH_CPU_PROF=1)',
    measuredAt: new Date().toISOString(),
    machine: { cores, loadAverageAtEnd: loadavg().map(round1), node: process.version },
    config,
    measures: {
      busyMs:
        "sampled time with JavaScript, V8 or GC on the main thread (not \"(idle)\"). V8 samples by the wall clock: on a loaded machine a thread descheduled mid-work still counts, so busy ms exceed CPU time; read the shares below, and rush.json's /proc CPU for absolute ms. Main thread only (not libuv's pool or V8's helper threads)",
      busyPercentOfOneCore: 'busy ms over the window length; 100 = one core for the whole window (the same wall-clock caveat)',
      busyMsPerOperation: 'busy ms over the uploads or decisions the bench completed in the window (decisions: claim + decide); wall-clock, see busyMs',
      topSelf: 'functions by self time (the frame the sample caught), url:line in the built artefact (dist of libs/ and services/) or the package',
      selfByPackage: 'self time by what the frame belongs to: npm package, node:<module group>, our libs/<lib> or services/<service>, native code, V8 pseudo-frames',
      byCallingPackage: "self time charged to the innermost npm package or our code on the stack: node's modules and native code (socket writes, JSON.parse) count for whoever called them",
      inclusiveByPackage: "time with the package anywhere on the stack (a sample counts once per package; node's modules and native code left out): what a package and everything it calls cost",
    },
    windows: windows.map((window) => ({ ...window, seconds: round1((window.toMicros - window.fromMicros) / 1e6) })),
    services,
  };
  writeFileSync(`${out}-profile.json`, `${JSON.stringify(summary, null, 2)}\n`);
  log(`wrote ${out}-profile.json (profiles in ${cpuProfileDir})`);
}

/** Done when (issue 16), for the figures this benchmark reports. */
export const ISSUE_TARGETS = {
  closedLoopDecisionsPerSecond: 300,
  decisionToNationalP99MsAt100PerSecond: 250,
  uploadsPerSecond: 250,
  claimNextP99MsAt100PerSecond: 20,
  cpuMsPerDecision: 10,
  idlePlatformCpuPercentOfMachine: 3,
};

/** Uploads whose file pre-check has not finished (not started, or running). */
async function precheckBacklog(probe: DatabaseProbe): Promise<number> {
  const [row] = await probe.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM submissions.evidence e
      WHERE NOT EXISTS (SELECT 1 FROM submissions.evidence_precheck p WHERE p.evidence_id = e.id AND p.status NOT IN ('queued', 'running'))`,
  );
  return row.count;
}

async function precheckProgress(probe: DatabaseProbe, from: number, to: number): Promise<{ checked: number; backlog: number }> {
  const [row] = await probe.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM submissions.evidence_precheck WHERE finished_at >= to_timestamp($1 / 1000.0) AND finished_at < to_timestamp($2 / 1000.0)`,
    [from, to],
  );
  return { checked: row.count, backlog: await precheckBacklog(probe) };
}

async function publishFramework(scoring: string, admin: string, framework: Framework): Promise<void> {
  const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
  const imported = await fetch(`${scoring}/v1/frameworks/import`, { method: 'POST', headers, body: JSON.stringify(framework) });
  const body = (await imported.json()) as { revision?: number };
  if (imported.status !== 201 || body.revision === undefined) throw new Error(`framework import: ${imported.status} ${JSON.stringify(body)}`);
  const published = await fetch(`${scoring}/v1/frameworks/${framework.year}/revisions/${body.revision}/publish`, { method: 'POST', headers });
  if (published.status !== 200) throw new Error(`framework publish: ${published.status} ${await published.text()}`);
}

/** The framework reaches submissions and verification by event: the first upload and decision wait for it, and warm every path. */
async function warmUp(rush: RushLoad, probe: DatabaseProbe): Promise<void> {
  const deadline = Date.now() + 180_000;
  const until = async (what: string, done: () => Promise<boolean> | boolean, attempt: () => Promise<void> = async () => undefined) => {
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`warm-up: ${what} did not happen within 3 minutes`);
      await attempt();
      await sleep(1000);
    }
  };
  const counters = new StepCounters();
  await until('an upload', () => counters.ok > 0, () => rush.upload('warm-up', counters));
  const [evidenceId] = rush.uploads.keys();
  await until('its task', async () => (await probe.query(`SELECT 1 FROM verification.task_evidence WHERE evidence_id = $1`, [evidenceId])).length > 0);
  const decided = new StepCounters();
  await until('a decision', () => decided.ok > 0, () => rush.claimAndDecide('warm-up', decided));
  await until('its national aggregate', () => [...rush.decisions.values()].some((decision) => rush.nationalAggregateAt(decision) !== undefined));
  if (counters.failures.size + decided.failures.size > 0) log(`warm-up retries: ${JSON.stringify({ ...Object.fromEntries(counters.failures), ...Object.fromEntries(decided.failures) })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
