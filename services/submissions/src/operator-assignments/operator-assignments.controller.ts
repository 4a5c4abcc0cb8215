import { CurrentPrincipal, Roles, type AuthPrincipal } from '@mcp/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignOperatorDto, HandOverDto } from './operator-assignment.dto';
import { AssignmentHistoryEntryView, HandoverView, OperatorAssignmentsView, OperatorAssignmentView } from './operator-assignment.view';
import { OperatorAssignments } from './operator-assignments';
import { OperatorHandovers } from './operator-handovers';

/** The Pemda admin manages the Pemda's own operators (docs/decisions.md #68); KPK does not. */
@ApiTags('operator-assignments')
@ApiBearerAuth()
@Controller('v1/pemda/:pemdaCode')
export class OperatorAssignmentsController {
  constructor(
    private readonly assignments: OperatorAssignments,
    private readonly handovers: OperatorHandovers,
  ) {}

  @Get('operator-assignments')
  @Roles('pemda-admin', 'pemda-operator')
  @ApiOperation({ summary: "The Pemda's operators: OPD, areas and indicators, PIC per area, open items (the Pemda's own users)" })
  @ApiOkResponse({ type: OperatorAssignmentsView })
  list(@CurrentPrincipal() principal: AuthPrincipal, @Param('pemdaCode') pemdaCode: string): Promise<OperatorAssignmentsView> {
    return this.assignments.list(principal, pemdaCode);
  }

  @Get('operator-assignments/history')
  @Roles('pemda-admin')
  @ApiOperation({ summary: 'Every assignment, removal and handover of the Pemda, with who and when (Pemda admin)' })
  @ApiOkResponse({ type: [AssignmentHistoryEntryView] })
  history(@CurrentPrincipal() principal: AuthPrincipal, @Param('pemdaCode') pemdaCode: string): Promise<AssignmentHistoryEntryView[]> {
    return this.assignments.history(principal, pemdaCode);
  }

  @Put('operator-assignments/:operatorSubject')
  @Roles('pemda-admin')
  @ApiOperation({
    summary: 'Assign an operator to an OPD, areas and indicators, and make them PIC of areas (Pemda admin)',
    description:
      'Replaces the operator\'s assignment; takes effect on the next request here, and in verification (clarification messages) once ' +
      'it has read mcp.operator.assignments-changed.v1, usually within a second. Once a Pemda has any assignment, its operators ' +
      'without one are refused (403 OPERATOR_NOT_ASSIGNED) and operators work only on their areas and indicators (403 OUTSIDE_OPERATOR_ASSIGNMENT).',
  })
  @ApiOkResponse({ type: OperatorAssignmentView })
  assign(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Param('operatorSubject') operatorSubject: string,
    @Body() input: AssignOperatorDto,
  ): Promise<OperatorAssignmentView> {
    return this.assignments.assign(principal, pemdaCode, operatorSubject, input);
  }

  @Delete('operator-assignments/:operatorSubject')
  @Roles('pemda-admin')
  @HttpCode(204)
  @ApiOperation({ summary: "End an operator's assignment (Pemda admin); 409 OPEN_ITEMS_NEED_HANDOVER while they hold open items" })
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() principal: AuthPrincipal,
    @Param('pemdaCode') pemdaCode: string,
    @Param('operatorSubject') operatorSubject: string,
  ): Promise<void> {
    return this.assignments.remove(principal, pemdaCode, operatorSubject);
  }

  @Post('operator-handovers')
  @Roles('pemda-admin')
  @ApiOperation({
    summary: "Hand a departing operator's open items, areas, indicators and PIC roles to another operator of the Pemda (Pemda admin)",
    description: 'The recipient must already have an assignment (404 OPERATOR_ASSIGNMENT_NOT_FOUND); the departing assignment ends.',
  })
  @ApiCreatedResponse({ type: HandoverView })
  handOver(@CurrentPrincipal() principal: AuthPrincipal, @Param('pemdaCode') pemdaCode: string, @Body() input: HandOverDto): Promise<HandoverView> {
    return this.handovers.handOver(principal, pemdaCode, input);
  }
}
