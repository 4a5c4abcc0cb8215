import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
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

/**
 * A bounded pool of long-lived worker threads that inspect files (docs/decisions.md #88). A thread
 * starting and loading pdf.js cost more than checking a small file, so threads are kept and reused;
 * the isolation is per job all the same: every thread has the heap cap, every job its own deadline,
 * and a job that hits either loses its thread (terminated, or dead of its heap) and only its own
 * result; the pool starts a fresh thread for the next one.
 */
export class InspectionPool {
  private readonly pool: Piscina;

  constructor(
    private readonly limits: InspectionLimits,
    threads: number,
  ) {
    this.pool = new Piscina({
      filename: WORKER_FILE,
      execArgv: WORKER_EXEC_ARGV,
      minThreads: 0,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      // Kept through a rush; a quiet service gives the threads' memory back.
      idleTimeout: 30_000,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.max(8, Math.floor(limits.memoryMb / 8)) },
    });
  }

  /**
   * Inspects one file on a pool thread, with the heap cap and a deadline of its own. The deadline
   * runs from the call: callers keep at most `threads` files in flight (the runner does), so a
   * file does not spend its time waiting in the pool's queue.
   */
  async inspect(request: InspectionRequest): Promise<InspectionOutcome> {
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new Error('time-limit')), this.limits.timeMs);
    try {
      const message = (await this.pool.run(request, { signal: controller.signal })) as { findings?: FileFindings; error?: string };
      return message.findings ? { status: 'done', findings: message.findings } : { status: 'failed', reason: message.error ?? 'unknown' };
    } catch (error) {
      if (controller.signal.aborted) return { status: 'stopped', reason: 'time-limit' };
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return { status: 'stopped', reason: 'memory-limit' };
      return { status: 'failed', reason: (error as Error).message };
    } finally {
      clearTimeout(deadline);
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
