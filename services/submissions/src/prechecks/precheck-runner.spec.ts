import { EvidenceStoredSignal } from '../evidence/evidence-stored-signal';
import type { EvidenceStorage } from '../storage/evidence-storage';
import type { EvidencePrecheckRepository } from './evidence-precheck.repository';
import { PrecheckRunner, storageOutOfReach, type PrecheckSettings } from './precheck-runner';

const settings: PrecheckSettings = { intervalMs: 60_000, timeMs: 1_000, memoryMb: 64, maxBytes: 1024, maxPagesForText: 1, threads: 1 };

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('PrecheckRunner', () => {
  it('looks for files once at start, then again at once when this replica stores one, not on a short poll', async () => {
    let looks = 0;
    const prechecks = { claimNext: async () => ((looks += 1), []), release: async () => undefined, claimStale: async () => undefined } as unknown as EvidencePrecheckRepository;
    const signal = new EvidenceStoredSignal();
    const runner = new PrecheckRunner(prechecks, {} as EvidenceStorage, settings, signal);
    runner.onApplicationBootstrap();
    try {
      await until(() => looks === 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(looks).toBe(1);
      signal.stored();
      await until(() => looks === 2);
    } finally {
      await runner.onApplicationShutdown();
    }
  });

  it('does not lose a file stored while a round is running', async () => {
    let looks = 0;
    const signal = new EvidenceStoredSignal();
    const prechecks = {
      claimNext: async () => {
        looks += 1;
        // Stored after this round's last look found nothing, before the runner waits.
        if (looks === 1) signal.stored();
        return [];
      },
      release: async () => undefined,
      claimStale: async () => undefined,
    } as unknown as EvidencePrecheckRepository;
    const runner = new PrecheckRunner(prechecks, {} as EvidenceStorage, settings, signal);
    runner.onApplicationBootstrap();
    try {
      await until(() => looks === 2);
    } finally {
      await runner.onApplicationShutdown();
    }
  });

  it('keeps a file claimed for a later try when the storage is out of reach, and marks it failed only when its object is unreadable', async () => {
    const finished: [string, string][] = [];
    const released: string[] = [];
    let offered = [{ evidenceId: 'e-1', storageKey: 'k-1', sizeBytes: 10, contentType: 'application/pdf', year: 2024 }];
    const prechecks = {
      claimNext: async () => {
        const files = offered;
        offered = [];
        return files;
      },
      release: async (ids: string[]) => released.push(...ids),
      claimStale: async () => undefined,
      finish: async (id: string, status: string) => finished.push([id, status]),
    } as unknown as EvidencePrecheckRepository;
    const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    let failure: Error = away;
    const storage = { read: async () => Promise.reject(failure) } as unknown as EvidenceStorage;
    const runner = new PrecheckRunner(prechecks, storage, settings, new EvidenceStoredSignal());
    try {
      await expect(runner.checkWaitingFiles()).rejects.toBe(away);
      // Neither given back (its attempt undone, forever) nor finished: claimStale tries it again, counted.
      expect(released).toEqual([]);
      expect(finished).toEqual([]);

      failure = new Error('The object is not a readable file');
      offered = [{ evidenceId: 'e-1', storageKey: 'k-1', sizeBytes: 10, contentType: 'application/pdf', year: 2024 }];
      await expect(runner.checkWaitingFiles()).resolves.toBe(1);
      expect(finished).toEqual([['e-1', 'failed']]);
    } finally {
      await runner.onApplicationShutdown();
    }
  });
});

describe('storageOutOfReach', () => {
  it('knows a network failure and an S3 answer worth retrying, not an object that cannot be read', () => {
    expect(storageOutOfReach(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(storageOutOfReach(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(storageOutOfReach(Object.assign(new Error('socket timed out'), { name: 'TimeoutError', $retryable: {} }))).toBe(true);
    expect(storageOutOfReach(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toBe(false);
    expect(storageOutOfReach(new Error('The object is not a readable file'))).toBe(false);
  });
});
