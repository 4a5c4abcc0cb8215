import { Injectable } from '@nestjs/common';

/**
 * Tells this replica's listeners (the pre-check runner) that a new file was committed, so they
 * start at once instead of finding it on their next look (docs/decisions.md #86). Only within the
 * process: another replica's runner finds the file on its own rarer look, if this one died first.
 */
@Injectable()
export class EvidenceStoredSignal {
  private readonly listeners = new Set<() => void>();

  /** Returns how to stop listening. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after the commit that stored the evidence. */
  stored(): void {
    for (const listener of this.listeners) listener();
  }
}
