import { rankAmong, rankDescending } from './competition-rank';

const rank = (scores: [string, number][]) =>
  rankDescending(
    scores.map(([code, score]) => ({ code, score })),
    (item) => item.score,
    (item) => item.code,
  ).map(({ code, rank }) => `${rank}:${code}`);

describe('rankDescending', () => {
  it('puts the highest score first', () => {
    expect(rank([['11', 50], ['32', 90.94], ['51', 75.13]])).toEqual(['1:32', '2:51', '3:11']);
  });

  it('gives equal scores one rank and skips the ranks they take ("1, 2, 2, 4")', () => {
    expect(rank([['33', 70], ['32', 80], ['51', 80.5], ['35', 80]])).toEqual([
      '1:51',
      '2:32',
      '2:35',
      '4:33',
    ]);
  });

  it('orders tied entries by code, whatever order they arrive in', () => {
    expect(rank([['96', 0], ['11', 0], ['32', 0]])).toEqual(['1:11', '1:32', '1:96']);
  });

  it('ranks a tie at the bottom after the ranks above it', () => {
    expect(rank([['11', 0], ['12', 10], ['13', 0], ['14', 5]])).toEqual(['1:12', '2:14', '3:11', '3:13']);
  });

  it('keeps every field of the item and leaves the input alone', () => {
    const items = [{ code: '12', score: 1, name: 'Sumatera Utara' }, { code: '11', score: 2, name: 'Aceh' }];
    const ranked = rankDescending(items, (item) => item.score, (item) => item.code);
    expect(ranked[0]).toEqual({ rank: 1, code: '11', score: 2, name: 'Aceh' });
    expect(items[0].code).toBe('12');
  });

  it('ranks nothing as nothing', () => {
    expect(rank([])).toEqual([]);
  });
});

describe('rankAmong', () => {
  it('counts the scores above, so ties share a rank', () => {
    const scores = [80.5, 80, 80, 70];
    expect(scores.map((score) => rankAmong(score, scores))).toEqual([1, 2, 2, 4]);
  });

  it('agrees with rankDescending', () => {
    const items = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5].map((score, i) => ({ code: String(i).padStart(2, '0'), score }));
    const scores = items.map((item) => item.score);
    for (const { rank, score } of rankDescending(items, (item) => item.score, (item) => item.code)) {
      expect(rankAmong(score, scores)).toBe(rank);
    }
  });

  it('ranks a score among none first', () => {
    expect(rankAmong(0, [])).toBe(1);
  });
});
