import { CurrentPrincipal, PEMDA_SCOPED_ROLES, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { concat, defer, from, interval, map, merge, switchMap, type Observable } from 'rxjs';
import { Clock } from '../clock';
import { DeliveryRepository, type InboxReader } from './delivery.repository';
import { InboxStream } from './inbox-stream';
import { decodeCursor, encodeCursor, InboxItemView, InboxPageView, MarkedAllReadView, UnreadCountView } from './inbox.view';

const HEARTBEAT_MS = 25_000;

/** A Pemda's user reads the notices of the Pemda their token names now (see InboxReader). */
export function readerOf(principal: AuthPrincipal): InboxReader {
  const ofPemda = principal.roles.some((role) => PEMDA_SCOPED_ROLES.includes(role));
  return { subject: principal.subject, pemdaCode: ofPemda ? (principal.pemdaCode ?? null) : null };
}

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('v1/inbox')
export class InboxController {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly stream: InboxStream,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's notifications, newest first, a page at a time" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: InboxPageView })
  async page(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ): Promise<InboxPageView> {
    const size = Math.min(Math.max(Number(limit ?? 20) || 20, 1), 100);
    const cursor = before ? decodeCursor(before) : undefined;
    if (before && !cursor) throw new DomainError('invalid-input', 'INVALID_CURSOR', 'Parameter before tidak sah');
    const rows = await this.deliveries.inbox(readerOf(principal), size + 1, cursor);
    const items = rows.slice(0, size);
    return {
      items: items.map(InboxItemView.of),
      unreadCount: await this.deliveries.unreadCount(readerOf(principal)),
      nextCursor: rows.length > size ? encodeCursor(items[items.length - 1]) : null,
    };
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of the caller’s notifications are unread' })
  @ApiOkResponse({ type: UnreadCountView })
  async unreadCount(@CurrentPrincipal() principal: AuthPrincipal): Promise<UnreadCountView> {
    return { unreadCount: await this.deliveries.unreadCount(readerOf(principal)) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read' })
  @ApiOkResponse({ type: UnreadCountView, description: 'The unread count after it' })
  async markRead(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<UnreadCountView> {
    await this.deliveries.markRead(readerOf(principal), this.clock.now(), id);
    return { unreadCount: await this.deliveries.unreadCount(readerOf(principal)) };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification read' })
  @ApiOkResponse({ type: MarkedAllReadView })
  async markAllRead(@CurrentPrincipal() principal: AuthPrincipal): Promise<MarkedAllReadView> {
    const marked = await this.deliveries.markRead(readerOf(principal), this.clock.now());
    return { marked, unreadCount: 0 };
  }

  @Sse('stream')
  @ApiOperation({ summary: 'Server-Sent Events: `unread` with the count at once and whenever something arrives' })
  @ApiOkResponse({
    description: 'An endless stream: `event: unread` with `data: {"unreadCount": n}`, and `event: ping` every 25 s',
    content: { 'text/event-stream': { schema: { type: 'string', example: 'event: unread\ndata: {"unreadCount":2}\n\n' } } },
  })
  live(@CurrentPrincipal() principal: AuthPrincipal): Observable<MessageEvent> {
    const unread = () => defer(() => from(this.deliveries.unreadCount(readerOf(principal))));
    const counts = concat(unread(), this.stream.arrivalsFor(principal.subject).pipe(switchMap(unread)));
    // A comment-like heartbeat keeps proxies from closing an idle stream.
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: '' })));
    return merge(counts.pipe(map((unreadCount): MessageEvent => ({ type: 'unread', data: { unreadCount } }))), heartbeat);
  }
}
