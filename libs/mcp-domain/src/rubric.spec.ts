import { evidencePointSteps, isRubricStep } from './rubric';

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

describe('evidencePointSteps', () => {
  it('lists every sum of accepted items: "Database BMD", two documents of 50 points', () => {
    expect(evidencePointSteps([50, 50])).toEqual([0, 50, 100]);
  });

  it('handles unequal and non-round points exactly', () => {
    expect(evidencePointSteps([20, 30, 50])).toEqual([0, 20, 30, 50, 70, 80, 100]);
    // 33.333333 × 2 is 66.666666 exactly as a decimal; in floats 66.666666 + 33.333334 is 99.99999999999999.
    const steps = evidencePointSteps([33.333333, 33.333333, 33.333334]);
    expect(steps).toEqual([0, 33.333333, 33.333334, 66.666666, 66.666667, 100]);
    expect(isRubricStep({ rubricSteps: steps }, JSON.parse('66.666666'))).toBe(true);
  });
});
