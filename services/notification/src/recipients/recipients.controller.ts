import { auditTrail } from '@mcp/audit-trail';
import { CurrentPrincipal, isRole, Public, Roles, ROLES, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Preferences } from './preferences';
import { SaveRecipientDto, SetPreferenceDto } from './recipient.dto';
import { RecipientRepository, type Recipient } from './recipient.repository';
import { PreferenceView, RecipientView } from './recipient.view';
import { UnsubscribeLinks } from './unsubscribe-links';

@ApiTags('recipients')
// Bearer auth per route, not on the class: the unsubscribe link is public and must not be documented as needing a token.
@Controller()
export class RecipientsController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recipients: RecipientRepository,
    private readonly preferences: Preferences,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {}

  @Put('v1/recipients/:userId')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({ summary: 'Admins: file a person under a role, Pemda or wilayah, with e-mail and language' })
  @ApiOkResponse({ type: RecipientView })
  async save(@CurrentPrincipal() principal: AuthPrincipal, @Param('userId') userId: string, @Body() body: SaveRecipientDto): Promise<RecipientView> {
    const recipient: Recipient = {
      userId,
      name: body.name ?? null,
      role: body.role,
      pemdaCode: body.pemdaCode ?? null,
      wilayah: body.wilayah ?? null,
      email: body.email ?? null,
      locale: body.locale ?? 'id',
      active: body.active ?? true,
    };
    // Who is told what is an admin's decision the audit trail keeps; the address itself stays out
    // of the append-only trail (personal data), only whether one was set.
    await this.dataSource.transaction(async (tx) => {
      await this.recipients.save(recipient, tx);
      await auditTrail.append(tx, {
        actor: principal,
        action: 'recipient.filed',
        ...(recipient.pemdaCode ? { pemdaCode: recipient.pemdaCode } : {}),
        ids: { userId },
        details: { role: recipient.role, pemdaCode: recipient.pemdaCode, wilayah: recipient.wilayah, active: recipient.active, locale: recipient.locale, emailSet: recipient.email !== null },
      });
    });
    return recipient;
  }

  @Get('v1/recipients')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({
    summary: 'Admins: the recipients, optionally of one Pemda or with one role (1,000 at a time, by user id; the next page with after=<the last userId>)',
  })
  @ApiQuery({ name: 'pemdaCode', required: false, example: '32.73' })
  @ApiQuery({ name: 'role', required: false, enum: ROLES, description: 'e.g. verifier: the people a manager can move to a wilayah' })
  @ApiQuery({ name: 'after', required: false, description: 'Only user ids after this one: the next page (546 Pemda × their people exceed one page)' })
  @ApiOkResponse({ type: [RecipientView] })
  list(@Query('pemdaCode') pemdaCode?: string, @Query('role') role?: string, @Query('after') after?: string): Promise<RecipientView[]> {
    if (role !== undefined && !isRole(role)) throw new DomainError('invalid-input', 'UNKNOWN_ROLE', `Peran tidak dikenal: ${role}`, { roles: ROLES });
    return this.recipients.list({ pemdaCode, role, after });
  }

  @Get('v1/my/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's switched kinds and channels (everything else is on)" })
  @ApiOkResponse({ type: [PreferenceView] })
  myPreferences(@CurrentPrincipal() principal: AuthPrincipal): Promise<PreferenceView[]> {
    return this.preferences.of(principal);
  }

  @Put('v1/my/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Switch one kind on one channel on or off (mandatory kinds refuse "off")' })
  @ApiOkResponse({ type: PreferenceView })
  setMine(@CurrentPrincipal() principal: AuthPrincipal, @Body() body: SetPreferenceDto): Promise<PreferenceView> {
    return this.preferences.set(principal.subject, body.kind, body.channel, body.enabled);
  }

  @Post('v1/unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe from an e-mail (RFC 8058): switches that kind off for e-mail' })
  @ApiOkResponse({ type: PreferenceView, description: 'The preference as it is now (a browser that accepts text/html, posting the page of GET, gets a page instead)' })
  @ApiQuery({ name: 'token', required: true, type: String })
  async unsubscribe(
    @Query('token') token: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PreferenceView | string> {
    const unsubscription = this.unsubscriptionOf(token);
    const preference = await this.preferences.set(unsubscription.userId, unsubscription.kind, 'email', false);
    // The page below posts here as a form: a person gets a page back; a mail client (RFC 8058) and
    // API callers get the preference.
    if (accept?.includes('text/html')) {
      response.type('html');
      return unsubscribePage('Anda tidak akan lagi menerima e-mail jenis ini. Pemberitahuan di portal MCP tetap ada.');
    }
    return preference;
  }

  /**
   * What a person who clicks the link in an e-mail opens (a GET must not change anything: mail
   * scanners follow links): a page that asks, and whose button posts to the route above.
   */
  @Get('v1/unsubscribe')
  @Public()
  @ApiOperation({ summary: 'The page an e-mail\'s unsubscribe link opens: asks, and its button posts to POST /v1/unsubscribe' })
  @ApiQuery({ name: 'token', required: true, type: String })
  @ApiOkResponse({ description: 'An HTML page (Indonesian) with one button', content: { 'text/html': { schema: { type: 'string' } } } })
  unsubscribeForm(@Query('token') token: unknown, @Res({ passthrough: true }) response: Response): string {
    this.unsubscriptionOf(token);
    response.type('html');
    return unsubscribePage(
      'Berhenti menerima e-mail jenis ini dari MCP KPK? Pemberitahuan di portal MCP tetap ada.',
      '<form method="post"><button type="submit">Berhenti berlangganan</button></form>',
    );
  }

  private unsubscriptionOf(token: unknown): { userId: string; kind: string } {
    // `?token=a&token=b` arrives as an array: no link, not a 500.
    const unsubscription = typeof token === 'string' && token ? this.unsubscribeLinks.read(token) : null;
    if (!unsubscription) throw new DomainError('invalid-input', 'INVALID_UNSUBSCRIBE_TOKEN', 'Tautan berhenti berlangganan tidak sah');
    return unsubscription;
  }
}

/** A page of its own (no portal session is needed to stop e-mails): plain HTML, no script. */
function unsubscribePage(message: string, form = ''): string {
  return (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Berhenti berlangganan · MCP KPK</title>' +
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1rem}</style>' +
    `</head><body><h1>MCP KPK</h1><p>${message}</p>${form}</body></html>`
  );
}
