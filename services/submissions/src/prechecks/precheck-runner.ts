import { classifyFailure } from '@mcp/messaging';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { EvidenceStoredSignal } from '../evidence/evidence-stored-signal';
import { EvidenceStorage } from '../storage/evidence-storage';
import { EvidencePrecheckRepository, type ClaimedFile } from './evidence-precheck.repository';
import type { EvidencePeriod } from './file-findings';
import { InspectionPool, type InspectionLimits } from './isolated-inspection';

export interface PrecheckSettings extends InspectionLimits {
  /**
   * How often an idle replica looks for files on its own; 0 turns the checks off on this replica.
   * A file stored through this replica starts its check at once (EvidenceStoredSignal); the look
   * finds the rest: another replica's files after it died, checks left by a crashed process.
   */
  intervalMs: number;
  /** Files bigger than this are not read into a check at all. */
  maxBytes: number;
  maxPagesForText: number;
  /** Worker threads inspecting files at once on this replica; files are claimed in batches of twice that. */
  threads: number;
}
export const PRECHECK_SETTINGS = Symbol('PRECHECK_SETTINGS');

/**
 * Checks stored files off the request path: the upload has answered long before. Files are
 * claimed in batches and inspected on a bounded pool of worker threads (`threads` at once), each
 * file with a time and memory limit, so a pathological file stops its own check and nothing else
 * (docs/decisions.md #36, #88).
 */
@Injectable()
export class PrecheckRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PrecheckRunner.name);
  private readonly pool: InspectionPool;
  private running = false;
  private stopping = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** Set by a file stored while a round runs, so the wait after it is skipped. */
  private workPending = false;
  private stopListening?: () => void;

  constructor(
    private readonly prechecks: EvidencePrecheckRepository,
    private readonly storage: EvidenceStorage,
    @Inject(PRECHECK_SETTINGS) private readonly settings: PrecheckSettings,
    private readonly storedSignal: EvidenceStoredSignal,
  ) {
    // No thread starts until the first file arrives.
    this.pool = new InspectionPool(settings, settings.threads);
  }

  onApplicationBootstrap(): void {
    if (this.settings.intervalMs === 0) return;
    this.running = true;
    this.stopListening = this.storedSignal.listen(() => {
      this.workPending = true;
      this.wakeUp?.();
    });
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.stopListening?.();
    this.wakeUp?.();
    await this.loop;
    await this.pool.close();
  }

  /** Checks files until none is waiting; returns how many it checked (tests and the loop). */
  async checkWaitingFiles(): Promise<number> {
    const claimed: ClaimedFile[] = [];
    let exhausted = false;
    let refill: Promise<void> | undefined;
    const claimMore = () =>
      (refill ??= this.prechecks
        .claimNext(this.settings.threads * 2)
        .then((files) => {
          claimed.push(...files);
          exhausted = files.length === 0;
        })
        .finally(() => (refill = undefined)));
    let checked = 0;
    // One lane per thread, so the pool never queues and each file's deadline is its own check.
    const lane = async () => {
      while (!this.stopping) {
        if (claimed.length === 0) {
          if (exhausted) return;
          await claimMore();
          continue;
        }
        await this.check(claimed.shift() as ClaimedFile);
        checked += 1;
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: this.settings.threads }, lane));
    await this.prechecks.release(claimed.map((file) => file.evidenceId));
    const failed = lanes.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // Then the checks crashed processes left running (over three of their own limits ago), each
    // alone: a file that crashes this process again must take no other file's attempt with it.
    while (!this.stopping) {
      const stale = await this.prechecks.claimStale(this.settings.timeMs * 3);
      if (!stale) break;
      await this.check(stale);
      checked += 1;
    }
    return checked;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.workPending = false;
      try {
        await this.checkWaitingFiles();
      } catch (error) {
        this.logger.warn(`Pre-checks paused: ${(error as Error).message}`);
      }
      if (this.workPending || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settings.intervalMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async check(file: ClaimedFile): Promise<void> {
    if (file.sizeBytes > this.settings.maxBytes) {
      await this.prechecks.finish(file.evidenceId, 'stopped', null, 'too-large');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readAll(await this.storage.read(file.storageKey));
    } catch (error) {
      // Storage out of reach is no fault of the file: the round pauses and the file stays claimed,
      // so it is tried again as a stale check (`claimStale`, three time limits later, its attempts
      // counted: a storage that never answers ends as 'interrupted', not a retry forever). A missing
      // or unreadable object is final.
      if (storageOutOfReach(error)) throw error;
      await this.prechecks.finish(file.evidenceId, 'failed', null, `unreadable: ${(error as Error).message}`);
      return;
    }
    const outcome = await this.pool.inspect({ bytes, contentType: file.contentType, period: periodOf(file.year), maxPagesForText: this.settings.maxPagesForText });
    if (outcome.status === 'done') await this.prechecks.finish(file.evidenceId, 'done', outcome.findings, null);
    else {
      this.logger.warn(`Pre-check of evidence ${file.evidenceId} ${outcome.status}: ${outcome.reason}`);
      await this.prechecks.finish(file.evidenceId, outcome.status, null, outcome.reason);
    }
  }
}

/** A network failure, or an S3 answer the SDK itself would retry (503 SlowDown, 500, a timeout). */
export function storageOutOfReach(error: unknown): boolean {
  if (classifyFailure(error) === 'transient') return true;
  const s3 = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; name?: unknown };
  return (s3.$metadata?.httpStatusCode ?? 0) >= 500 || s3.$retryable !== undefined || s3.name === 'TimeoutError';
}

/** Documents for framework year Y are dated within Y (docs/decisions.md #36). */
export function periodOf(year: number): EvidencePeriod {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
