import { validateFramework, type Framework, type FrameworkProblem } from '@mcp/mcp-domain';
import { UnprocessableEntityException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UploadedDocument } from './framework-upload';

export class ImportProblemView {
  @ApiProperty({ example: 'areas[0].indicators[1].weight', description: 'Path in the framework document ("" = the file)' })
  path: string;

  @ApiProperty({ example: 'jumlah bobot harus tepat 100, sekarang 99.99' })
  message: string;

  @ApiPropertyOptional({ example: 'Indikator', description: 'Workbook sheet (XLSX uploads)' })
  sheet?: string;

  @ApiPropertyOptional({ example: 3, description: 'Workbook row (XLSX uploads)' })
  row?: number;

  @ApiPropertyOptional({ example: 'C3', description: 'Workbook cell (XLSX uploads)' })
  cell?: string;
}

export type UploadCheck = { ok: true; framework: Framework } | { ok: false; problems: ImportProblemView[] };

/**
 * The whole check of an upload, with the revision the platform assigns: the file's own problems
 * and every validation problem; a framework only when there are none.
 */
export function checkUpload(upload: UploadedDocument, revision: number): UploadCheck {
  const document = upload.document;
  const object = typeof document === 'object' && document !== null && !Array.isArray(document) ? document : { document };
  const validation = validateFramework({ ...object, revision });
  const problems = importProblems(upload, validation.ok ? [] : validation.problems);
  if (validation.ok && problems.length === 0) return { ok: true, framework: validation.framework };
  return { ok: false, problems };
}

/** Validation problems placed where the admin can fix them: the workbook cell for an XLSX upload. */
function importProblems(upload: UploadedDocument, validation: FrameworkProblem[]): ImportProblemView[] {
  return [
    ...upload.problems,
    ...validation.map((problem) => ({ ...problem, ...(upload.locate(problem.path) ?? {}) })),
  ];
}

/**
 * 422 with every problem: the shared error filter passes an HttpException body through, and the
 * list does not fit DomainError's single message.
 */
export function invalidFrameworkError(problems: ImportProblemView[]): UnprocessableEntityException {
  return new UnprocessableEntityException({
    statusCode: 422,
    error: 'INVALID_FRAMEWORK',
    message: `Kerangka tidak valid: ${problems.length} masalah, tidak ada yang diimpor (invalid framework: nothing imported)`,
    problems,
  });
}
