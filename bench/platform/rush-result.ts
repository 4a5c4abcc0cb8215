import type { Percentiles, ResourceWindow } from './rush-measure';

/** The shape of bench/results/rush.json (what rush.bench.ts writes and rush-chart.ts draws). */
export interface LagSample {
  t: number;
  step: string;
  total: number;
  byGroup: Record<string, number>;
}

export interface StepResult {
  name: string;
  kind: 'upload' | 'decide-open' | 'decide-closed';
  offeredPerSecond?: number;
  verifiers?: number;
  seconds: number;
  elapsedSeconds: number;
  ok: number;
  achievedPerSecond: number;
  emptyClaims?: number;
  /** Decision steps: a claim found the queue empty (emptyClaims > 0), so the rate is no ceiling (absent in earlier results). */
  ranOutOfTasks?: boolean;
  /** Decision steps: open tasks in verification at the end of the step and its drain. */
  tasksLeftAtEnd?: number;
  skippedOverInFlightCap?: number;
  failures: Record<string, number>;
  httpMs: Record<string, Percentiles>;
  uploadToClaimableMs?: Percentiles & { missing: number };
  /** The same, from the 201 (0 when the task was there before the answer arrived). */
  uploadAnswerToClaimableMs?: Percentiles;
  /** From sending the upload to the end of its file pre-check (submissions' background worker). */
  uploadToPrecheckedMs?: Percentiles & { missing: number };
  decisionToNationalMs?: Percentiles & { missing: number };
  decisionAnswerToNationalMs?: Percentiles;
  /** The measure before docs/decisions.md #92 (the aggregate's trace id), kept for comparison. */
  decisionToNationalByTraceMs?: Percentiles & { missing: number };
  drainSeconds: number;
  prechecks: { checked: number; perSecond: number; backlogAtEnd: number };
  lag: { max: number; atEnd: number };
  commits: { total: number; perOperation: number; perOperationNetOfIdle: number };
  /** Records appended to __consumer_offsets over the step and its drain (offset commits, per partition named). */
  offsetCommitRecords: { total: number; perOperation: number };
  cpu: ResourceWindow & { windowSeconds: number; msPerOperation: number; msPerOperationByProcess: Record<string, number> };
  /** The bench process itself over the same window, not counted in `cpu` (absent before 2026-12-01 11:40). */
  loadGeneratorCpu?: { cpuMs: number; cpuPercentOfMachine: number; msPerOperation: number };
}

export interface RushResult {
  measuredAt: string;
  machine: { cores: number; loadAverageAtEnd: number[]; node: string };
  /** Absent in results written before docs/decisions.md #109 (then TCP). */
  platform?: { databaseConnection?: string; [detail: string]: unknown };
  idle: ResourceWindow & { seconds: number; commitsPerSecond: number };
  precheckBacklogBeforeDecisions: number;
  /** The pre-check wait after the upload steps, metered apart (absent in earlier results). */
  precheckWait?: { seconds: number; backlogAtStart: number; checked: number; cpuMs: Record<string, number> };
  steps: StepResult[];
  lagTimeline: LagSample[];
  ceilings: {
    kafkaProducer: { recordsPerSecond: number; latencyMs: { p99: number } };
    kafkaEndToEnd: { latencyMs: { p50: number; p99: number } };
    postgresCopy: { rowsPerSecond: number };
    postgresOneRowTransactions: { transactionsPerSecond: number };
  };
}
