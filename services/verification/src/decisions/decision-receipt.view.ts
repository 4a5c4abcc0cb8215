import { ApiProperty } from '@nestjs/swagger';
import { DECISION_KINDS } from './decision.entity';

/** What the decider is told. Deliberately silent about the QA sample: a verifier who knew would learn which decisions are watched. */
export class DecisionReceipt {
  @ApiProperty() decisionId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: DECISION_KINDS }) kind: string;
}
