import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NotificationView } from './notification.view';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('v1/notifications')
  @ApiOperation({ summary: "The caller's notifications, newest first (a Pemda user: their Pemda's)" })
  @ApiQuery({ name: 'pemdaCode', required: false, description: 'Admins only: whose notifications to list' })
  @ApiOkResponse({ type: [NotificationView], description: "The newest 200 of the caller's Pemda, or for an admin of `pemdaCode`; empty for anyone else (and an admin without `pemdaCode`)" })
  list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Query('pemdaCode') pemdaCode?: string,
  ): Promise<NotificationView[]> {
    return this.notifications.listFor(principal, pemdaCode);
  }

}
