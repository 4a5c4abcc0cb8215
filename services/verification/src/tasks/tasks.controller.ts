import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { EvidenceSubmitted, type EvidenceSubmittedV1 } from '@mcp/contracts';
import { EventConsumer, EventDelivery, OnEvent, type EventDeliveryContext } from '@mcp/messaging';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DecideTaskDto } from './decide-task.dto';
import { TaskIntake } from './task-intake';
import { TaskView } from './task-view';
import { VerificationQueue } from './verification-queue';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(
    private readonly queue: VerificationQueue,
    private readonly intake: TaskIntake,
    private readonly events: EventConsumer,
  ) {}

  @Post('v1/tasks/claim')
  @Roles('verifier')
  @ApiOperation({ summary: "Klaim tugas berikutnya: the oldest open task of the caller's wilayah, with a lease" })
  @ApiOkResponse({ type: TaskView })
  @ApiNoContentResponse({ description: 'No open task in the wilayah' })
  async claim(@CurrentPrincipal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<TaskView | undefined> {
    const task = await this.queue.claimNext(principal);
    response.status(task ? 200 : 204);
    return task;
  }

  @Get('v1/tasks/:id')
  @Roles('verifier', 'qa', 'admin')
  @ApiOperation({ summary: 'One task with its evidence' })
  @ApiOkResponse({ type: TaskView })
  view(@CurrentPrincipal() principal: AuthPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<TaskView> {
    return this.queue.view(principal, id);
  }

  @Post('v1/tasks/:id/decision')
  @HttpCode(201)
  @Roles('verifier')
  @ApiOperation({ summary: 'Putuskan: approve with a rubric-step value, reject or request revision with a reason' })
  decide(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: DecideTaskDto,
  ): Promise<{ decisionId: string; sequence: number }> {
    return this.queue.decide(principal, id, input);
  }

  @OnEvent(EvidenceSubmitted)
  async onEvidence(@EventDelivery() delivery: EventDeliveryContext): Promise<void> {
    await this.events.consume<EvidenceSubmittedV1>('verification.evidence', delivery, EvidenceSubmitted, (event, manager) =>
      this.intake.addEvidence(event.data, manager),
    );
  }
}
