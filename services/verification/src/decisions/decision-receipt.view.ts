import { ApiProperty } from '@nestjs/swagger';
import { DECISION_KINDS } from './decision.entity';

export class DecisionReceipt {
  @ApiProperty() decisionId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ enum: DECISION_KINDS }) kind: string;
  @ApiProperty({ description: 'Whether the decision was sampled into the QA queue' }) sampledForQa: boolean;
}
