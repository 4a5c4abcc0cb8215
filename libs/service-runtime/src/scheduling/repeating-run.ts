/**
 * A job a replica runs every so often (a sweep, a round of reminders, a check, a pruning): at most
 * one run at a time, a failed run logged and left to the next tick, and the run in progress awaited
 * at shutdown so it does not outlive the connections it uses. `runNow` starts a run whatever the
 * timer is doing (tests, and callers that need its result now); a tick that finds a run going skips.
 */
export class RepeatingRun<T> {
  private timer?: NodeJS.Timeout;
  private current?: Promise<T>;

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
      if (this.current) return;
      this.runNow()
        .catch((error: unknown) => this.logError(`${this.what} failed: ${String(error)}`))
        .finally(() => (this.current = undefined));
    }, intervalMs);
    if (options.unref) this.timer.unref();
  }

  runNow(): Promise<T> {
    this.current = this.run();
    return this.current;
  }

  /** Stops the timer and waits for a run in progress (its failure was logged or returned already). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current?.catch(() => undefined);
  }
}
