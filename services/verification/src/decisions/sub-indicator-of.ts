import type { SubIndicator } from '@mcp/mcp-domain';
import type { ReferenceData } from '@mcp/reference-data';
import type { EntityManager } from 'typeorm';
import type { Task } from '../task-records/task.entity';

/**
 * The rubric a verdict on the task is checked against: its year's latest framework revision, so a
 * corrected framework applies to decisions taken after it. 404 when that revision no longer has
 * the year or the sub-indicator. Read in the caller's transaction (`manager`) on a cache miss (#212).
 */
export async function subIndicatorOf(
  referenceData: ReferenceData,
  task: Pick<Task, 'year' | 'subIndicatorCode'>,
  manager: EntityManager,
): Promise<SubIndicator> {
  const framework = await referenceData.requireFramework(task.year, manager);
  return referenceData.requireSubIndicator(framework, task.subIndicatorCode).subIndicator;
}
