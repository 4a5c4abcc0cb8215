import { verifiedValuesOf } from './verified-values';

describe('verifiedValuesOf', () => {
  it('keeps only approvals in force, with their verified value as a number', () => {
    const values = verifiedValuesOf([
      { subIndicatorCode: 'PRC.1.1', outcome: 'approved', verifiedValue: '100' },
      { subIndicatorCode: 'PRC.1.2', outcome: 'approved', verifiedValue: '0' },
      { subIndicatorCode: 'ANG.1.1', outcome: 'rejected', verifiedValue: null },
      { subIndicatorCode: 'ANG.1.2', outcome: 'revision_requested', verifiedValue: null },
    ]);
    // A rejection or a revision request counts 0, which the score gets by leaving it out.
    expect([...values]).toEqual([
      ['PRC.1.1', 100],
      ['PRC.1.2', 0],
    ]);
  });

  it('reads a decimal rubric step back exactly', () => {
    const values = verifiedValuesOf([{ subIndicatorCode: 'X.1.1', outcome: 'approved', verifiedValue: '33.333333' }]);
    expect(values.get('X.1.1')).toBe(33.333333);
  });
});
