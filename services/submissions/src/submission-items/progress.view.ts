import { ApiProperty } from '@nestjs/swagger';
import { formatLocalTime } from '@mcp/mcp-domain';
import { isOpenAt, type UploadDeadline } from '../deadlines/upload-deadline';
import { SubmissionItemView } from './item.view';

export class DeadlineView {
  @ApiProperty({ example: '2024-11-30T16:59:59.000Z' }) effective: string;
  @ApiProperty({ example: '30 November 2024 pukul 23.59 WIB', description: "In the Pemda's own zone (WIB/WITA/WIT, from its province)" })
  effectiveLocal: string;
  @ApiProperty({ enum: ['framework', 'config'] }) source: string;
  @ApiProperty({ description: 'An admin extended it for this Pemda' }) extended: boolean;
  @ApiProperty({ description: 'Uploads and claim changes are accepted now (never once the year is closed)' }) open: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'When KPK closed the year (its scores final); null while it is open' })
  yearClosedAt: string | null;
}

export class ProgressView {
  @ApiProperty() pemdaCode: string;
  @ApiProperty() pemdaName: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: DeadlineView }) deadline: DeadlineView;
  @ApiProperty({ example: { empty: 10, submitted: 2, revision_requested: 1, approved: 3, rejected: 0, not_counted: 0 } })
  counts: Record<string, number>;
  @ApiProperty({ type: [SubmissionItemView] }) items: SubmissionItemView[];
}

export function toDeadlineView(deadline: UploadDeadline, now: Date, yearClosedAt: Date | null): DeadlineView {
  return {
    effective: deadline.effective.toISOString(),
    effectiveLocal: formatLocalTime(deadline.effective, deadline.localTimeZone),
    source: deadline.source,
    extended: deadline.extension !== null && deadline.effective > deadline.general,
    // A closed year refuses uploads whatever its deadline says (an extension may outlive the closing).
    open: yearClosedAt === null && isOpenAt(deadline, now),
    yearClosedAt: yearClosedAt?.toISOString() ?? null,
  };
}
