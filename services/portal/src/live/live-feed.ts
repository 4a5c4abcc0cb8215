import { followTopics, type TopicFollower } from '@mcp/messaging';
import { kafkaSettingsOf } from '@mcp/service-runtime';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PortalConfig } from '../portal-config';
import { PemdaDirectory } from '../directory/pemda-directory';
import { LIVE_TOPICS, toLiveMessage, type LiveMessage } from './live-message';

const RETRY_MS = 5_000;
/**
 * A hint may reach the browser this much later; in exchange the follower fetches once per interval
 * under a steady flow, not once per event (docs/decisions.md #108).
 */
const LIVE_HINT_LINGER_MS = 50;

/**
 * The event streams, followed by this replica from "now" and fanned out to the browsers it holds.
 * Pages work without it (they fetch on load), so a broker that is down delays live updates but
 * never the portal's start: the follower keeps retrying in the background.
 */
@Injectable()
export class LiveFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private follower: TopicFollower | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private readyResolve: () => void = () => undefined;
  /** Resolves once events published from now on will reach the listeners (tests wait for it). */
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));

  constructor(
    private readonly config: PortalConfig,
    private readonly pemda: PemdaDirectory,
  ) {}

  onApplicationBootstrap(): void {
    void this.follow();
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    this.listenWhileSomeoneIs();
    return () => {
      this.listeners.delete(listener);
      this.listenWhileSomeoneIs();
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Whether the feed has stopped fetching because no browser listens (it starts paused). */
  get paused(): boolean {
    return this.follower?.paused ?? true;
  }

  private async follow(): Promise<void> {
    try {
      this.follower = await followTopics(
        kafkaSettingsOf(this.config, { name: 'portal' }),
        LIVE_TOPICS,
        (event) => {
          const message = toLiveMessage(event, (pemdaCode) => this.pemda.wilayahOf(pemdaCode));
          if (message) for (const listener of this.listeners) listener(message);
        },
        {
          onError: (error) => this.logger.warn(`live feed: ${(error as Error).message ?? error}`),
          lingerMs: LIVE_HINT_LINGER_MS,
          startPaused: this.listeners.size === 0,
        },
      );
      // A browser may have come or gone while the follower was being made.
      this.listenWhileSomeoneIs();
      await this.follower.ready;
      this.readyResolve();
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`live feed not following yet (${(error as Error).message}); retrying in ${RETRY_MS / 1000} s`);
      this.retry = setTimeout(() => void this.follow(), RETRY_MS);
    }
  }

  /**
   * Fetching and decoding every event for nobody was most of this replica's CPU in the rush (#93,
   * #110): with no browser connected the follower pauses, and the first browser to come resumes it.
   */
  private listenWhileSomeoneIs(): void {
    void this.follower?.listen(this.listeners.size > 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.follower?.stop().catch(() => undefined);
  }
}
