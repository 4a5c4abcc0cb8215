import { CurrentPrincipal, type AuthPrincipal } from '@mcp/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('v1/notifications')
  @ApiOperation({ summary: "The caller's notifications, newest first (a Pemda user: their Pemda's)" })
  @ApiQuery({ name: 'pemdaCode', required: false, description: 'Admins only: whose notifications to list' })
  list(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Query('pemdaCode') pemdaCode?: string,
  ): Promise<Notification[]> {
    return this.notifications.listFor(principal, pemdaCode);
  }

}
