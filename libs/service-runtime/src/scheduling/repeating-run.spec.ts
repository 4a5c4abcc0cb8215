import { RepeatingRun } from './repeating-run';

describe('RepeatingRun', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A run the test finishes by hand. */
  function heldRuns() {
    const pending: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
    const run = () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
    return { run, pending };
  }

  it('runs every interval, never two at once, and goes on after a failed run', async () => {
    const { run, pending } = heldRuns();
    const errors: string[] = [];
    const job = new RepeatingRun('Test sweep', run, (message) => errors.push(message));
    job.every(1000);
    await jest.advanceTimersByTimeAsync(3000);
    expect(pending).toHaveLength(1); // the first still runs: two ticks skipped
    pending[0].reject(new Error('database away'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(errors).toEqual(['Test sweep failed: Error: database away']);
    expect(pending).toHaveLength(2);
    pending[1].resolve(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(pending).toHaveLength(3);
    pending[2].resolve(2);
    await job.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(pending).toHaveLength(3);
  });

  it('starts nothing with an interval of 0, yet runs when asked', async () => {
    const { run, pending } = heldRuns();
    const job = new RepeatingRun('Test sweep', run, () => undefined);
    job.every(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(pending).toHaveLength(0);
    const asked = job.runNow();
    pending[0].resolve(7);
    await expect(asked).resolves.toBe(7);
  });

  it('goes on ticking after a run asked for by hand, and waits at shutdown for both kinds', async () => {
    const { run, pending } = heldRuns();
    const job = new RepeatingRun('Test sweep', run, () => undefined);
    job.every(1000);
    const asked = job.runNow();
    await jest.advanceTimersByTimeAsync(2000);
    expect(pending).toHaveLength(1); // the timer waits for the run asked for
    pending[0].resolve(1);
    await asked;
    await jest.advanceTimersByTimeAsync(1000);
    expect(pending).toHaveLength(2); // and ticks again once it has ended
    const alsoAsked = job.runNow(); // beside the timer's run
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    pending[1].resolve(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pending[2].reject(new Error('late'));
    await expect(alsoAsked).rejects.toThrow('late');
    await stopping;
    expect(stopped).toBe(true);
  });

  it('waits at shutdown for the run in progress', async () => {
    const { run, pending } = heldRuns();
    const job = new RepeatingRun('Test sweep', run, () => undefined);
    job.every(1000);
    await jest.advanceTimersByTimeAsync(1000);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pending[0].resolve(1);
    await stopping;
    expect(stopped).toBe(true);
  });
});
