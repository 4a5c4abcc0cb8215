import type { SubIndicator } from '@mcp/mcp-domain';
import type { ReferenceData } from '@mcp/reference-data';
import type { Task } from '../task-records/task.entity';

/**
 * The rubric a verdict on the task is checked against: its year's latest framework revision, so a
 * corrected framework applies to decisions taken after it. 404 when that revision no longer has
 * the year or the sub-indicator.
 */
export async function subIndicatorOf(referenceData: ReferenceData, task: Pick<Task, 'year' | 'subIndicatorCode'>): Promise<SubIndicator> {
  const framework = await referenceData.requireFramework(task.year);
  return referenceData.requireSubIndicator(framework, task.subIndicatorCode).subIndicator;
}
