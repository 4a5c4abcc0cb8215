import type { LocatedSubIndicator } from './framework-index';
import { assignmentCovers, assignmentRefusal, type OperatorAssignmentScope } from './operator-assignment';

// Only the codes matter to the rule.
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

const assignment = (scope: Partial<OperatorAssignmentScope>): OperatorAssignmentScope => ({
  opdName: 'BPKAD',
  areaCodes: [],
  indicatorCodes: [],
  picAreaCodes: [],
  ...scope,
});

describe('assignmentCovers', () => {
  const item = located(someCode);
  it.each([
    ['its area', { areaCodes: [item.area.code] }, true],
    ['an area it is PIC of', { picAreaCodes: [item.area.code] }, true],
    ['its indicator', { indicatorCodes: [item.indicator.code] }, true],
    ['only another area', { areaCodes: [located(otherAreaCode).area.code] }, false],
    ['another area’s indicator', { indicatorCodes: [located(otherAreaCode).indicator.code] }, false],
  ])('an assignment naming %s (%j) covers the item: %s', (_label, scope, covers) => {
    expect(assignmentCovers(assignment(scope), item)).toBe(covers);
  });
});

describe('assignmentRefusal', () => {
  const item = located(someCode);

  it('lets anyone of a Pemda without OPD accounts work on everything', () => {
    expect(assignmentRefusal('32.73', item, { pemdaHasAssignments: false })).toBeUndefined();
  });

  it('refuses an unassigned operator once the Pemda has OPD accounts', () => {
    expect(assignmentRefusal('32.73', item, { pemdaHasAssignments: true })).toMatchObject({ code: 'OPERATOR_NOT_ASSIGNED' });
  });

  it('refuses an item outside the assignment, naming it, and lets one inside through', () => {
    const facts = { assignment: assignment({ areaCodes: ['PBJ'] }), pemdaHasAssignments: true };
    expect(assignmentRefusal('32.73', item, facts)).toEqual({
      code: 'OUTSIDE_OPERATOR_ASSIGNMENT',
      message: expect.stringContaining('BPKAD'),
      details: { subIndicatorCode: someCode, areaCode: 'ANG' },
    });
    expect(assignmentRefusal('32.73', located(otherAreaCode), facts)).toBeUndefined();
  });
});
