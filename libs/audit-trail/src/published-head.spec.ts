import { distinctHeads, newestHeadOfEachLane } from './published-head';

const hash = (c: string): string => c.repeat(64);

describe('published heads', () => {
  it('keeps every head, each (lane, sequence, hash) once, by lane and sequence', () => {
    expect(
      distinctHeads([
        { lane: 1, sequence: 2, rowHash: hash('c') },
        { lane: 0, sequence: 7, rowHash: hash('b') },
        { lane: 0, sequence: 3, rowHash: hash('a') },
        { lane: 0, sequence: 7, rowHash: hash('b') },
        // A second hash for one sequence is a contradiction verify must see, not a duplicate.
        { lane: 0, sequence: 7, rowHash: hash('d') },
      ]),
    ).toEqual([
      { lane: 0, sequence: 3, rowHash: hash('a') },
      { lane: 0, sequence: 7, rowHash: hash('b') },
      { lane: 0, sequence: 7, rowHash: hash('d') },
      { lane: 1, sequence: 2, rowHash: hash('c') },
    ]);
  });

  it('names the newest of each lane by sequence, whatever order they came in', () => {
    expect(
      newestHeadOfEachLane([
        { lane: 2, sequence: 1, rowHash: hash('e') },
        { lane: 0, sequence: 9, rowHash: hash('b') },
        { lane: 0, sequence: 4, rowHash: hash('a') },
      ]),
    ).toEqual([
      { lane: 0, sequence: 9, rowHash: hash('b') },
      { lane: 2, sequence: 1, rowHash: hash('e') },
    ]);
  });
});
