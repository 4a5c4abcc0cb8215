import { EvidenceStoredSignal } from '../evidence/evidence-stored-signal';
import type { EvidenceStorage } from '../storage/evidence-storage';
import type { EvidencePrecheckRepository } from './evidence-precheck.repository';
import { PrecheckRunner, type PrecheckSettings } from './precheck-runner';

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
});
