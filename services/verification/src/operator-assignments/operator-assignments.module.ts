import { Global, Module } from '@nestjs/common';
import { OperatorAssignmentsEvents } from './operator-assignments.events';
import { PemdaOperatorAssignments } from './pemda-operator-assignments';

/** The Pemda's OPD accounts as submissions announces them, and the check a Pemda operator's act meets. */
@Global()
@Module({ providers: [PemdaOperatorAssignments, OperatorAssignmentsEvents], exports: [PemdaOperatorAssignments] })
export class OperatorAssignmentsModule {}
