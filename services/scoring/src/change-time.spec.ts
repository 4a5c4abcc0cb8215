import { changeTimeAfter } from './change-time';

describe('changeTimeAfter', () => {
  const at = new Date('2024-10-31T16:59:59.998Z');

  it("keeps the change's own time after an earlier state, and for a row's first state", () => {
    expect(changeTimeAfter(new Date('2024-10-31T16:59:59.997Z'), at)).toEqual(at);
    expect(changeTimeAfter(undefined, at)).toEqual(at);
  });

  it('moves one millisecond past a state at the same time or later, so no two states of a row tie', () => {
    expect(changeTimeAfter(at, at)).toEqual(new Date('2024-10-31T16:59:59.999Z'));
    expect(changeTimeAfter(new Date('2024-10-31T17:00:00.005Z'), at)).toEqual(new Date('2024-10-31T17:00:00.006Z'));
  });
});
