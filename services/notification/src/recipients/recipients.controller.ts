import { CurrentPrincipal, Public, Roles, type AuthPrincipal } from '@mcp/auth';
import { DomainError } from '@mcp/service-runtime';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Preferences } from './preferences';
import { SaveRecipientDto, SetPreferenceDto } from './recipient.dto';
import { RecipientRepository, type Preference, type Recipient } from './recipient.repository';
import { UnsubscribeLinks } from './unsubscribe-links';

@ApiTags('recipients')
// Bearer auth per route, not on the class: the unsubscribe link is public and must not be documented as needing a token.
@Controller()
export class RecipientsController {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly preferences: Preferences,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {}

  @Put('v1/recipients/:userId')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({ summary: 'Admins: file a person under a role, Pemda or wilayah, with e-mail and language' })
  async save(@Param('userId') userId: string, @Body() body: SaveRecipientDto): Promise<Recipient> {
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
    await this.recipients.save(recipient);
    return recipient;
  }

  @Get('v1/recipients')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiOperation({ summary: 'Admins: the recipients, optionally of one Pemda' })
  list(@Query('pemdaCode') pemdaCode?: string): Promise<Recipient[]> {
    return this.recipients.list(pemdaCode);
  }

  @Get('v1/my/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's switched kinds and channels (everything else is on)" })
  myPreferences(@CurrentPrincipal() principal: AuthPrincipal): Promise<Preference[]> {
    return this.preferences.of(principal);
  }

  @Put('v1/my/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Switch one kind on one channel on or off (mandatory kinds refuse "off")' })
  setMine(@CurrentPrincipal() principal: AuthPrincipal, @Body() body: SetPreferenceDto): Promise<Preference> {
    return this.preferences.set(principal.subject, body.kind, body.channel, body.enabled);
  }

  @Post('v1/unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe from an e-mail (RFC 8058): switches that kind off for e-mail' })
  async unsubscribe(@Query('token') token: string): Promise<Preference> {
    const unsubscription = token ? this.unsubscribeLinks.read(token) : null;
    if (!unsubscription) throw new DomainError('invalid-input', 'INVALID_UNSUBSCRIBE_TOKEN', 'Tautan berhenti berlangganan tidak sah');
    return this.preferences.set(unsubscription.userId, unsubscription.kind, 'email', false);
  }
}
