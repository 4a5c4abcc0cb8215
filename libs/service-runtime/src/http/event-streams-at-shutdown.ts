import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Cuts the open Server-Sent Event streams when the service begins to stop, before Nest closes the
 * HTTP server. Node's `server.close()` waits for every connection whose response is still under
 * way, and a stream never finishes by itself: one open inbox stream held a notification replica's
 * shutdown for good (docs/decisions.md #131). The browser's EventSource reconnects, through the
 * load balancer, to a replica that still runs. Other responses (a download, an upload's answer)
 * are left to finish, as a graceful stop should.
 */
@Injectable()
export class EventStreamsAtShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventStreamsAtShutdown.name);
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // A command-line context has no HTTP server.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      response.once('close', () => this.open.delete(response));
    });
  }

  beforeApplicationShutdown(): void {
    const streams = [...this.open].filter(isEventStream);
    // Destroyed rather than ended: a stream's producer may still write, and a write after end()
    // is an error event with nobody listening; a write to a destroyed response is dropped.
    for (const stream of streams) stream.destroy();
    if (streams.length > 0) this.logger.log(`Stopping: cut ${streams.length} open event stream(s); their clients reconnect to a running replica`);
  }

  /** Streams open now (for tests). */
  get openEventStreams(): number {
    return [...this.open].filter(isEventStream).length;
  }
}

function isEventStream(response: ServerResponse): boolean {
  return String(response.getHeader('content-type') ?? '').startsWith('text/event-stream');
}
