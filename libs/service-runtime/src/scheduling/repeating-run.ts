/**
 * A job a replica runs every so often (a sweep, a round of reminders, a check, a pruning): a tick
 * that finds a run going skips, a failed run is logged and left to the next tick, and every run in
 * progress is awaited at shutdown so none outlives the connections it uses. `runNow` starts a run
 * whatever the timer is doing (tests, and callers that need its result now); the timer goes on
 * once it has ended.
 */
export class RepeatingRun<T> {
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<T>>();

  constructor(
    /** What runs, for the log line of a failed run ("Reminder round", "Dead-letter check"). */
    private readonly what: string,
    private readonly run: () => Promise<T>,
    private readonly logError: (message: string) => void,
  ) {}

  /**
   * Ticks every `intervalMs`; 0 starts nothing (switched off in this replica). `unref`: the timer
   * alone does not keep the process up.
   */
  every(intervalMs: number, options: { unref?: boolean } = {}): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.inFlight.size > 0) return;
      this.runNow().catch((error: unknown) => this.logError(`${this.what} failed: ${String(error)}`));
    }, intervalMs);
    if (options.unref) this.timer.unref();
  }

  runNow(): Promise<T> {
    let started: Promise<T>;
    try {
      started = this.run();
    } catch (error) {
      started = Promise.reject(error);
    }
    this.inFlight.add(started);
    const forget = () => void this.inFlight.delete(started);
    started.then(forget, forget);
    return started;
  }

  /** Stops the timer and waits for the runs in progress (their failures were logged or returned already). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight].map((run) => run.catch(() => undefined)));
  }
}
