import type { Task } from '../task-records/task.entity';
import type { TaskEvidence } from '../task-records/task-evidence.entity';
import { toTaskView } from './task.view';

const now = new Date('2024-12-02T03:00:00Z');
const task = {
  id: 't1',
  pemdaCode: '32.73',
  provinceCode: '32',
  wilayah: 'III',
  year: 2024,
  subIndicatorCode: 'PRC.1.1',
  status: 'claimed',
  claimedValue: 100,
  claimedBy: 'ana',
  claimedAt: new Date('2024-12-02T02:40:00Z'),
  leaseExpiresAt: new Date('2024-12-02T03:10:00Z'),
  outcome: null,
  deadline: new Date('2024-11-30T16:59:59Z'),
  weightInTotal: '1.33306668',
  waitingSince: new Date('2024-12-01T01:00:00Z'),
  revisionRounds: 0,
  evidenceChangedAt: new Date('2024-12-02T02:50:00Z'),
  createdAt: new Date('2024-12-01T01:00:01Z'),
  updatedAt: new Date('2024-12-02T02:50:00Z'),
} as Task;
const evidence = [{ evidenceId: 'e1', sha256: 'a'.repeat(64), fileName: 'SK.pdf', sizeBytes: 10, claimedValue: 100, submittedAt: new Date('2024-12-01T01:00:00Z'), withdrawnAt: null }] as TaskEvidence[];
const context = { now, submissionsPublicUrl: 'https://unggah.mcp.example' };

describe('toTaskView', () => {
  it('flags evidence that changed after the claim began and links each file to its download', () => {
    const view = toTaskView(task, evidence, [], context);
    expect(view).toMatchObject({ status: 'claimed', claimedBy: 'ana', evidenceChangedSinceClaim: true });
    expect(view.evidence[0].downloadUrl).toBe('https://unggah.mcp.example/v1/evidence/e1/download');
  });

  it('shows a claim whose lease ran out as open and held by nobody', () => {
    const view = toTaskView({ ...task, leaseExpiresAt: new Date('2024-12-02T02:59:00Z') } as Task, evidence, [], context);
    expect(view).toMatchObject({ status: 'open', claimedBy: null, claimedAt: null, leaseExpiresAt: null, evidenceChangedSinceClaim: false });
  });
});
