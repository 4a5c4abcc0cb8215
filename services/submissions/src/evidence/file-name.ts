import { basename } from 'node:path';

/**
 * The original name is kept for people (it shows in lists and downloads), so it is reduced to a
 * harmless single path segment: no directories, no control characters, bounded length.
 */
export function sanitiseFileName(original: string | undefined): string {
  const lastSegment = basename((original ?? '').replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim();
  const withoutDots = cleaned.replace(/^\.+/, '');
  return (withoutDots || 'dokumen').slice(0, 255);
}
