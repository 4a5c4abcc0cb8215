import type { SubIndicator } from '@mcp/mcp-domain';
import { findSubIndicator } from '@mcp/mcp-domain';
import type { ReferenceData } from '@mcp/reference-data';
import { DomainError } from '@mcp/service-runtime';
import type { Task } from '../tasks/task.entity';

export async function subIndicatorOf(referenceData: ReferenceData, task: Pick<Task, 'year' | 'subIndicatorCode'>): Promise<SubIndicator> {
  const framework = await referenceData.frameworkFor(task.year);
  const located = framework && findSubIndicator(framework.index, task.subIndicatorCode);
  if (!located) {
    throw new DomainError('unprocessable', 'UNKNOWN_SUB_INDICATOR', `Sub-indikator ${task.subIndicatorCode} tidak ada dalam kerangka ${task.year}`);
  }
  return located.subIndicator;
}
