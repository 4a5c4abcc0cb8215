import type { AuthPrincipal } from '@mcp/auth';
import type { LocatedSubIndicator } from '@mcp/mcp-domain';
import type { DataSource } from 'typeorm';
import type { OperatorAssignment, OperatorAssignmentRepository } from './operator-assignment.repository';
import { OperatorScope } from './operator-scope';

// Only the codes matter to the check.
const located = (code: string): LocatedSubIndicator => {
  const [area, indicator] = code.split('.');
  return {
    area: { code: area, name: area, weight: 100, indicators: [] },
    indicator: { code: `${area}.${indicator}`, name: indicator, weight: 100, subIndicators: [] },
    subIndicator: { code, name: code, weight: 100, rubricSteps: [0, 100], requiredEvidence: [] },
  };
};
const someCode = 'ANG.1.1';
const otherAreaCode = 'PBJ.2.1';

const assignment = (scope: Partial<OperatorAssignment>): OperatorAssignment => ({
  pemdaCode: '32.73',
  operatorSubject: 'budi',
  operatorName: null,
  opdName: 'BPKAD',
  areaCodes: [],
  indicatorCodes: [],
  picAreaCodes: [],
  assignedBy: 'admin-pemda',
  assignedAt: new Date(),
  ...scope,
});

describe('OperatorScope', () => {
  const operator: AuthPrincipal = { subject: 'budi', roles: ['pemda-operator'], pemdaCode: '32.73' };
  const scopeWith = (stored: OperatorAssignment | undefined, pemdaHasAssignments: boolean) =>
    new OperatorScope({ manager: {} } as DataSource, {
      findWithPemdaFlag: async () => ({ assignment: stored, pemdaHasAssignments: pemdaHasAssignments || stored !== undefined }),
    } as unknown as OperatorAssignmentRepository);

  it('lets an operator of a Pemda without OPD accounts work on everything', async () => {
    await expect(scopeWith(undefined, false).assertMayWorkOn(operator, '32.73', located(someCode))).resolves.toBeUndefined();
  });

  it('refuses an unassigned operator once the Pemda has OPD accounts', async () => {
    await expect(scopeWith(undefined, true).assertMayWorkOn(operator, '32.73', located(someCode))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'OPERATOR_NOT_ASSIGNED',
    });
  });

  it('refuses an item outside the assignment, in Indonesian, naming the OPD', async () => {
    const stored = assignment({ areaCodes: [located(someCode).area.code] });
    await expect(scopeWith(stored, true).assertMayWorkOn(operator, '32.73', located(otherAreaCode))).rejects.toMatchObject({
      code: 'OUTSIDE_OPERATOR_ASSIGNMENT',
      message: expect.stringContaining('di luar penugasan Anda untuk BPKAD'),
    });
  });

  it('never limits the Pemda admin or KPK admins', async () => {
    const stored = assignment({ areaCodes: [located(someCode).area.code] });
    for (const roles of [['pemda-admin'], ['admin'], ['pemda-operator', 'pemda-admin']] as AuthPrincipal['roles'][]) {
      await expect(scopeWith(stored, true).assertMayWorkOn({ ...operator, roles }, '32.73', located(otherAreaCode))).resolves.toBeUndefined();
    }
  });
});
