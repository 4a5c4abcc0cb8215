import { api } from '../api/client';
import type { RejectionReasonView } from '../api/types';

/** The list changes rarely; one request per page load serves every dialog. */
let reasonsCache: Promise<RejectionReasonView[]> | null = null;
export function rejectionReasons(): Promise<RejectionReasonView[]> {
  reasonsCache ??= api<RejectionReasonView[]>('/api/verification/v1/rejection-reasons').catch((cause: unknown) => {
    reasonsCache = null;
    throw cause;
  });
  return reasonsCache;
}

