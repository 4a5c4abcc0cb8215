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
  const problems = importProblems(upload, validation.ok ? deadlineOutsideYear(validation.framework) : validation.problems);
  if (validation.ok && problems.length === 0) return { ok: true, framework: validation.framework };
  return { ok: false, problems };
}

/**
 * The upload deadline falls in the framework's year or the next (2024's ran to 5 January 2025). Checked on import, not in validateFramework, which also reads documents already stored: a
 * workbook copied from last year with only its year changed would otherwise publish a deadline
 * already past, and every Pemda's upload would be refused.
 */
function deadlineOutsideYear(framework: Framework): FrameworkProblem[] {
  // The year as written, in the deadline's own offset: the calendar the admin meant.
  const deadlineYear = Number(framework.uploadDeadline.slice(0, 4));
  if (deadlineYear === framework.year || deadlineYear === framework.year + 1) return [];
  return [
    {
      path: 'uploadDeadline',
      message: `batas unggah ${framework.uploadDeadline} tidak berada di tahun ${framework.year} atau ${framework.year + 1}; periksa tahun batas unggah`,
    },
  ];
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
