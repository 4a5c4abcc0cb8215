import type { Wilayah } from '@mcp/mcp-domain';
import type { Task } from './task.entity';

export type TaskFacts = Pick<Task, 'id' | 'pemdaCode' | 'provinceCode' | 'wilayah' | 'year' | 'subIndicatorCode'>;

/**
 * What every event about a task says of it (reassigned, lease expiring, QA review requested), so a
 * consumer finds the same six fields under the same names whichever event it reads.
 */
export function taskSubjectOf(task: TaskFacts) {
  return {
    taskId: task.id,
    pemdaCode: task.pemdaCode,
    provinceCode: task.provinceCode,
    wilayah: task.wilayah as Wilayah,
    year: task.year,
    subIndicatorCode: task.subIndicatorCode,
  };
}
