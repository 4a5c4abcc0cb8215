import { Roles } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NotificationRuleView, RenderedMessageView } from './message.view';
import { isNotificationKind, NOTIFICATION_RULES, type NotificationRule } from './rules';
import { renderMessage, sampleFacts, type RenderedMessage } from './templates';

@ApiTags('templates')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/templates')
export class PreviewsController {
  @Get()
  @ApiOperation({ summary: 'The rules table: every kind, its trigger, audience, channels and whether it is mandatory' })
  @ApiOkResponse({ type: [NotificationRuleView] })
  rules(): readonly NotificationRule[] {
    return NOTIFICATION_RULES;
  }

  @Get(':kind/preview')
  @ApiOperation({ summary: 'Renders a template with sample data (subject, body, plain text, HTML)' })
  @ApiQuery({ name: 'locale', required: false, enum: ['id', 'en'] })
  @ApiOkResponse({ type: RenderedMessageView })
  preview(@Param('kind') kind: string, @Query('locale') locale?: string): RenderedMessage {
    return renderMessage(sampleOf(kind), locale === 'en' ? 'en' : 'id', 'https://mcp.kpk.go.id/v1/unsubscribe?token=contoh');
  }

  @Get(':kind/preview.html')
  @ApiOperation({ summary: 'The same preview as a page, to look at in a browser' })
  @ApiQuery({ name: 'locale', required: false, enum: ['id', 'en'] })
  @ApiProduces('text/html')
  @ApiOkResponse({ content: { 'text/html': { schema: { type: 'string', example: '<!doctype html><html lang="id">…</html>' } } } })
  previewHtml(@Param('kind') kind: string, @Res({ passthrough: true }) response: Response, @Query('locale') locale?: string): string {
    const html = this.preview(kind, locale).html;
    // Set here, not by @Header: an unknown kind's 404 stays the JSON error it is.
    response.setHeader('content-type', 'text/html; charset=utf-8');
    return html;
  }
}

function sampleOf(kind: string) {
  if (!isNotificationKind(kind)) throw new DomainError('not-found', 'UNKNOWN_NOTIFICATION_KIND', `Jenis notifikasi ${kind} tidak dikenal`);
  return sampleFacts(kind);
}
