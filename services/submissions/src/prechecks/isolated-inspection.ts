import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileFindings, InspectionRequest } from './file-findings';

export interface InspectionLimits {
  timeMs: number;
  memoryMb: number;
}

export type InspectionOutcome =
  | { status: 'done'; findings: FileFindings }
  /** The file hit the time or memory limit: it is pathological, or too big to check. */
  | { status: 'stopped'; reason: 'time-limit' | 'memory-limit' }
  | { status: 'failed'; reason: string };

// The worker is TypeScript under tests and CLIs (compiled on the fly) and JavaScript when built.
const WORKER_FILE = join(__dirname, `precheck-worker${extname(__filename)}`);
const WORKER_EXEC_ARGV = extname(__filename) === '.ts' ? ['--require', '@swc-node/register'] : [];

/** Inspects one file in a worker thread of its own, with a heap cap and a deadline. */
export function inspectIsolated(request: InspectionRequest, limits: InspectionLimits): Promise<InspectionOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: request,
      execArgv: WORKER_EXEC_ARGV,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.floor(limits.memoryMb / 8)) },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const settle = (outcome: InspectionOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      void worker.terminate();
      resolve(outcome);
    };
    const deadline = setTimeout(() => settle({ status: 'stopped', reason: 'time-limit' }), limits.timeMs);
    worker.on('message', (message: { findings?: FileFindings; error?: string }) =>
      settle(message.findings ? { status: 'done', findings: message.findings } : { status: 'failed', reason: message.error ?? 'unknown' }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      settle(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { status: 'stopped', reason: 'memory-limit' } : { status: 'failed', reason: error.message }),
    );
    worker.on('exit', (code) => settle({ status: 'failed', reason: `the check stopped (exit ${code})` }));
  });
}
