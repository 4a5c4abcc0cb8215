import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How often a stopping service looks again for streams begun since it started to stop. */
const RECHECK_MS = 100;

/**
 * Cuts the open Server-Sent Event streams when the service begins to stop, and any begun after,
 * until its HTTP server has closed. Node's `server.close()` waits for every connection whose
 * response is still under way, and a stream never finishes by itself: one open inbox stream held a
 * notification replica's shutdown for good (docs/decisions.md #131). The browser's EventSource
 * reconnects, through the load balancer, to a replica that still runs. Other responses (a
 * download, an upload's answer) are left to finish, as a graceful stop should.
 */
@Injectable()
export class EventStreamsAtShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventStreamsAtShutdown.name);
  /**
   * Responses under way, by connection: a pipelined response still queued when its client leaves
   * never emits `close`, so the connection's own `close` is what lets go of it.
   */
  private readonly bySocket = new Map<Socket, Set<ServerResponse>>();
  private server?: Server;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // A command-line context has no HTTP server.
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      let responses = this.bySocket.get(socket);
      if (!responses) {
        if (socket.destroyed) return;
        const created = new Set<ServerResponse>();
        this.bySocket.set(socket, created);
        socket.once('close', () => this.bySocket.delete(socket));
        responses = created;
      }
      const own = responses;
      own.add(response);
      response.once('close', () => own.delete(response));
    });
  }

  beforeApplicationShutdown(): void {
    const server = this.server;
    if (!server) return;
    const cut = this.cutEventStreams();
    if (cut > 0) this.logger.log(`Stopping: cut ${cut} open event stream(s); their clients reconnect to a running replica`);
    // The server takes requests until Nest closes it, after every module's hook: a stream begun in
    // that window would hold the close again.
    const recheck = setInterval(() => this.cutEventStreams(), RECHECK_MS).unref();
    server.once('close', () => clearInterval(recheck));
  }

  /** Streams open now (for tests). */
  get openEventStreams(): number {
    return this.eventStreams().length;
  }

  /** Responses held now, streams or not (for tests). */
  get responsesUnderWay(): number {
    return [...this.bySocket.values()].reduce((count, responses) => count + responses.size, 0);
  }

  private cutEventStreams(): number {
    const streams = this.eventStreams();
    // Destroyed rather than ended: a stream's producer may still write, and a write after end()
    // is an error event with nobody listening; a write to a destroyed response is dropped.
    for (const stream of streams) stream.destroy();
    return streams.length;
  }

  private eventStreams(): ServerResponse[] {
    return [...this.bySocket.values()].flatMap((responses) => [...responses].filter(isEventStream));
  }
}

/**
 * What the response declared, or else what the request asked for (an EventSource always sends
 * `Accept: text/event-stream`): headers given only to `writeHead` are not readable afterwards.
 */
function isEventStream(response: ServerResponse): boolean {
  const declared = response.getHeader('content-type');
  if (declared !== undefined) return String(declared).startsWith('text/event-stream');
  return (response.req?.headers.accept ?? '').includes('text/event-stream');
}
