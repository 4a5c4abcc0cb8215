/*
 * What the submissions service accepts by default (services/submissions/src/submissions-config.ts:
 * MAX_UPLOAD_BYTES 50 MiB, ALLOWED_FILE_TYPES pdf,png,jpg,xlsx,docx,zip). The service decides the
 * type from the content, so this check only spares a user a long upload that would be refused.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const ALLOWED_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'xlsx', 'docx', 'zip'];

export const ACCEPT_ATTRIBUTE = ALLOWED_EXTENSIONS.map((extension) => `.${extension}`).join(',');

export type FileProblem = 'type' | 'size' | 'empty';

export function fileProblem(file: File): FileProblem | null {
  const extension = file.name.includes('.') ? file.name.split('.').pop()?.toLowerCase() ?? '' : '';
  if (!ALLOWED_EXTENSIONS.includes(extension)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_UPLOAD_BYTES) return 'size';
  return null;
}
