import type { Framework } from '@mcp/mcp-domain';
import { ApiProperty } from '@nestjs/swagger';
import type { RevisionRow } from './framework-revision.repository';

export class FrameworkRevisionView {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 2, description: 'Numbered by the platform: the next free number of the year' })
  revision: number;

  @ApiProperty({ enum: ['draft', 'published'] })
  status: 'draft' | 'published';

  @ApiProperty({ example: 'Monitoring Center for Prevention 2024 (contoh)' })
  name: string;

  @ApiProperty({ example: '2024.xlsx', description: "The uploaded file's name, json for a JSON body, or shipped-file" })
  source: string;

  @ApiProperty({ example: { areas: 8, indicators: 20, subIndicators: 43, requiredEvidence: 72 } })
  counts: { areas: number; indicators: number; subIndicators: number; requiredEvidence: number };

  @ApiProperty({ nullable: true, example: 'admin-kpk', type: String })
  importedBy: string | null;

  @ApiProperty({ nullable: true, example: '2024-03-01T02:00:00.000Z', type: String })
  importedAt: string | null;

  @ApiProperty({ nullable: true, example: null, type: String })
  publishedBy: string | null;

  @ApiProperty({ nullable: true, example: null, type: String })
  publishedAt: string | null;

  @ApiProperty({
    nullable: true,
    type: [String],
    example: [],
    description:
      "A draft's sub-indicators the newest published revision has and it drops (to confirm on publication); null for a published revision",
  })
  removedSubIndicators: string[] | null;
}

export class FrameworkRevisionDocumentView extends FrameworkRevisionView {
  @ApiProperty({ description: 'The validated framework document', type: 'object', additionalProperties: true })
  framework: Framework;
}

export function revisionView(row: RevisionRow, removedSubIndicators: string[] | null = null): FrameworkRevisionView {
  const indicators = row.document.areas.flatMap((area) => area.indicators);
  const subIndicators = indicators.flatMap((indicator) => indicator.subIndicators);
  return {
    year: row.year,
    revision: row.revision,
    status: row.status,
    name: row.document.name,
    source: row.source,
    counts: {
      areas: row.document.areas.length,
      indicators: indicators.length,
      subIndicators: subIndicators.length,
      requiredEvidence: subIndicators.reduce((sum, sub) => sum + sub.requiredEvidence.length, 0),
    },
    importedBy: row.imported_by,
    importedAt: row.imported_at?.toISOString() ?? null,
    publishedBy: row.published_by,
    publishedAt: row.published_at?.toISOString() ?? null,
    removedSubIndicators,
  };
}
