import { Public } from '@mcp/auth';
import { VerifierWilayahs } from '@mcp/verifier-wilayah';
import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { PortalSession } from '../sessions/portal-session.entity';
import { CurrentSession, SessionGuard } from '../sessions/session.guard';
import { SessionStore } from '../sessions/session-store';
import { LiveFeed } from './live-feed';
import { mayReceive } from './live-message';

const PING_MS = 25_000;
/**
 * Every other ping the stream reads its session again: signed out (on any replica) or expired ends
 * it, a renewed principal (#63) or a verifier an admin moved to another wilayah (#193) filters what
 * follows. Two primary-key reads per open stream every 50 s: 200 a second for 5,000 people watching.
 */
const PINGS_PER_SESSION_CHECK = 2;
/**
 * What may wait unsent for one stream before it is cut: a browser that stopped reading (but keeps
 * the connection open) would otherwise hold every aggregate of the rush in the portal's memory. Cut,
 * its EventSource reconnects and the page reads the figures afresh.
 */
const MAX_UNSENT_BYTES = 256 * 1024;
/**
 * Open streams one session keeps on one replica (a browser keeps one per tab); a newer one ends the
 * oldest, so a client opening streams without end cannot hold more than this.
 */
export const STREAMS_PER_SESSION = 8;
const EVICTED_RETRY_MS = 60_000;

@Public()
@ApiTags('live')
@UseGuards(SessionGuard)
@Controller('api/live')
export class LiveController {
  /** The open streams of each session, oldest first, by how to end each. */
  private readonly openStreams = new Map<string, Set<() => void>>();

  constructor(
    private readonly feed: LiveFeed,
    private readonly sessions: SessionStore,
    private readonly wilayahs: VerifierWilayahs,
  ) {}

  /** Server-Sent Events: what changed, filtered to what this user may read (services/portal/README.md). */
  @Get()
  @ApiOperation({ summary: 'Server-Sent Events: scores, aggregates, uploads and decisions as they happen, only those this user may read' })
  @ApiOkResponse({
    description:
      'An endless stream, ended when the session ends: `event: score.updated`, `aggregate.updated`, `evidence.submitted` or `evidence.verified` with a JSON `data` line, and `event: ping` every 25 s',
    content: {
      'text/event-stream': {
        schema: { type: 'string', example: 'retry: 3000\n\nevent: score.updated\ndata: {"pemdaCode":"32.73","provinceCode":"32","wilayah":"III","year":2024,"total":"87.50"}\n\n' },
      },
    },
  })
  async stream(@Res() response: Response, @CurrentSession() session: PortalSession): Promise<void> {
    // Read before the stream opens: a verifier moved to another wilayah must not hear the old one's
    // hints even for a moment. Refused (503) if the database does not answer, like the session read.
    let principal = await this.wilayahs.effective(session.principal);
    // Gone while its session was being read: 'close' was already emitted, and nothing would ever
    // clear the subscription and the timers set up below.
    if (response.destroyed || response.socket?.destroyed) return;
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.setHeader('x-accel-buffering', 'no');
    response.flushHeaders();
    // The browser's EventSource reconnects after this many milliseconds if the stream drops.
    response.write('retry: 3000\n\n');
    const expiresIn = session.expiresAt.getTime() - Date.now();
    const send = (text: string) => {
      if (!response.write(text) && response.writableLength > MAX_UNSENT_BYTES) response.destroy();
    };
    const unsubscribe = this.feed.subscribe((message) => {
      if (mayReceive(principal, message)) send(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
    });
    let pings = 0;
    const ping = setInterval(() => {
      send('event: ping\ndata: {}\n\n');
      pings += 1;
      if (pings % PINGS_PER_SESSION_CHECK !== 0) return;
      this.sessions
        .findByHash(session.idHash)
        .then(async (current) => (current.state === 'active' ? await this.wilayahs.effective(current.session.principal) : null))
        .then(
          (current) => {
            if (current) principal = current;
            else response.end();
          },
          // The database did not answer either read: the stream goes on as it was, and the next check
          // asks again. Caught here, a failure of the second read is no unhandled rejection (which
          // would end the process, every stream of the replica with it).
          () => undefined,
        );
    }, PING_MS);
    // A stream must not outlive its session: the reconnect then meets SESSION_EXPIRED.
    const expiry = setTimeout(() => response.end(), Math.max(0, Math.min(expiresIn, 2 ** 31 - 1)));
    const streams = this.openStreams.get(session.idHash) ?? new Set<() => void>();
    this.openStreams.set(session.idHash, streams);
    // An evicted stream is told to come back in a minute, not the usual 3 s: a ninth tab would
    // otherwise evict the next-oldest at every reconnect, without end.
    const end = () => {
      response.end(`retry: ${EVICTED_RETRY_MS}\n\n`);
      // A client that stopped reading never lets the end go out.
      setTimeout(() => response.destroy(), 5_000).unref();
    };
    streams.add(end);
    if (streams.size > STREAMS_PER_SESSION) {
      const oldest = [...streams][0];
      streams.delete(oldest);
      oldest();
    }
    response.on('close', () => {
      unsubscribe();
      clearInterval(ping);
      clearTimeout(expiry);
      streams.delete(end);
      if (streams.size === 0 && this.openStreams.get(session.idHash) === streams) this.openStreams.delete(session.idHash);
    });
  }
}
