/**
 * The file types a Pemda may upload, as `file-type` names them from the content's magic bytes.
 * XLSX and DOCX are ZIP containers; `file-type` tells them apart by their parts, and all three get
 * the ZIP inspection (entry count, unpacked size) before they are accepted.
 */
export interface EvidenceFileType {
  /** As `file-type` names it, which is also the extension a stored file is given. */
  name: string;
  label: string;
  mime: string;
  zipContainer: boolean;
}

const TYPES: readonly EvidenceFileType[] = [
  { name: 'pdf', label: 'PDF', mime: 'application/pdf', zipContainer: false },
  { name: 'png', label: 'PNG', mime: 'image/png', zipContainer: false },
  { name: 'jpg', label: 'JPEG', mime: 'image/jpeg', zipContainer: false },
  {
    name: 'xlsx',
    label: 'XLSX',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    zipContainer: true,
  },
  {
    name: 'docx',
    label: 'DOCX',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    zipContainer: true,
  },
  { name: 'zip', label: 'ZIP', mime: 'application/zip', zipContainer: true },
];

export const ALLOWED_TYPE_NAMES = TYPES.map((type) => type.name);

export function evidenceFileType(name: string): EvidenceFileType | undefined {
  return TYPES.find((type) => type.name === name);
}

export function evidenceFileTypeOfMime(mime: string): EvidenceFileType | undefined {
  return TYPES.find((type) => type.mime === mime);
}
