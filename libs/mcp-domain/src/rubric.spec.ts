import { isRubricStep } from './rubric';

describe('isRubricStep', () => {
  const subIndicator = { rubricSteps: [0, 50, 100] };

  it('accepts exactly the listed steps', () => {
    expect([0, 50, 100].map((value) => isRubricStep(subIndicator, value))).toEqual([
      true,
      true,
      true,
    ]);
    expect([25, 49.999, -0.5, 101].map((value) => isRubricStep(subIndicator, value))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
