import { validateFramework, type Framework, type FrameworkProblem } from '@mcp/mcp-domain';
import { DomainError } from '@mcp/service-runtime';
import type { UploadedDocument } from './framework-upload';
import type { ImportProblemView } from './import-problem.view';

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

/** 422 with every problem at once, so the admin fixes the file in one round. */
export function invalidFrameworkError(problems: ImportProblemView[]): DomainError {
  return new DomainError(
    'unprocessable',
    'INVALID_FRAMEWORK',
    `Kerangka tidak valid: ${problems.length} masalah, tidak ada yang diimpor (invalid framework: nothing imported)`,
    { problems },
  );
}
