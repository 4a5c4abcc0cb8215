import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MyQueue } from './my-queue';
import { MyQueueView } from './my-queue.view';
import { ReassignTaskDto } from './reassign-task.dto';
import { TaskClaims } from './task-claims';
import { TaskHistoryEntryView } from './task-history.view';
import { TaskReader } from './task-reader';
import { TaskView } from './task.view';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly claims: TaskClaims,
    private readonly reader: TaskReader,
    private readonly myQueue: MyQueue,
  ) {}

  @Post('v1/tasks/claim')
  @Roles('verifier')
  @ApiOperation({
    summary: 'Klaim tugas berikutnya',
    description:
      "The most urgent open task of the caller's wilayah (closest deadline, then weight of the sub-indicator in the total, then age), " +
      'held with a lease of CLAIM_LEASE_MINUTES.',
  })
  @ApiOkResponse({ type: TaskView })
  @ApiNoContentResponse({ description: 'No open task in the wilayah' })
  async claim(@CurrentPrincipal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<TaskView | undefined> {
    const task = await this.claims.claimNext(principal);
    response.status(task ? 200 : 204);
    return task;
  }

  @Get('v1/my/tasks')
  @Roles('verifier')
  @ApiOperation({ summary: 'Antrean saya: the tasks I hold and the next ones in my wilayah' })
  @ApiOkResponse({ type: MyQueueView })
  mine(@CurrentPrincipal() principal: AuthPrincipal): Promise<MyQueueView> {
    return this.myQueue.of(principal, 10);
  }

  @Get('v1/tasks/:id')
  @Roles('verifier', 'qa', 'admin')
  @ApiOperation({ summary: 'One task with its evidence (download links on the submissions service) and decisions' })
  @ApiOkResponse({ type: TaskView })
  view(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<TaskView> {
    return this.reader.view(principal, id);
  }

  @Get('v1/tasks/:id/history')
  @Roles('verifier', 'qa', 'admin')
  @ApiOperation({ summary: 'Who claimed, released, lost (lease expiry) or was given the task, and every upload and decision' })
  @ApiOkResponse({ type: [TaskHistoryEntryView] })
  history(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<TaskHistoryEntryView[]> {
    return this.reader.history(principal, id);
  }

  @Post('v1/tasks/:id/extend')
  @HttpCode(200)
  @Roles('verifier')
  @ApiOperation({ summary: 'Perpanjang masa pegang: a fresh lease from now, for the holder of a live claim' })
  @ApiOkResponse({ type: TaskView })
  extend(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<TaskView> {
    return this.claims.extend(principal, id);
  }

  @Post('v1/tasks/:id/release')
  @HttpCode(200)
  @Roles('verifier')
  @ApiOperation({ summary: 'Lepas tugas: the task goes back to the queue at once' })
  @ApiOkResponse({ type: TaskView })
  release(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<TaskView> {
    return this.claims.release(principal, id);
  }

  @Post('v1/tasks/:id/reassign')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Alihkan tugas: to a verifier (who holds it with a fresh lease) or, without one, back to the queue',
    description: 'Only open or claimed tasks. The verifier must work in the task wilayah to decide it.',
  })
  @ApiOkResponse({ type: TaskView })
  reassign(
    @CurrentPrincipal() admin: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: ReassignTaskDto,
  ): Promise<TaskView> {
    return this.claims.reassign(admin, id, input.verifier);
  }
}
