import { lakeFilePath, monthOf, parseLakeFilePath, resumeOffsets, runsOf, type LakeFile } from './lake-files';

const file = (topic: string, partition: number, first: number, last: number, month = '2024-06'): LakeFile => ({
  topic,
  month,
  partition,
  firstOffset: BigInt(first),
  lastOffset: BigInt(last),
});

describe('lake files', () => {
  it('names a file by topic, month, partition and offsets, and reads the name back', () => {
    const path = lakeFilePath('/lake', file('mcp.score.updated.v1', 2, 0, 41));
    expect(path).toBe('/lake/events/topic=mcp.score.updated.v1/month=2024-06/p2-o00000000000000000000-00000000000000000041.parquet');
    expect(parseLakeFilePath('/lake', path)).toEqual(file('mcp.score.updated.v1', 2, 0, 41));
    expect(parseLakeFilePath('/lake', '/lake/events/topic=x/month=2024-06/p2-o1-2.parquet.tmp')).toBeUndefined();
  });

  it('resumes each partition one past the last offset stored', () => {
    const next = resumeOffsets([file('a', 0, 0, 9), file('a', 0, 10, 19, '2024-07'), file('a', 1, 0, 4), file('b', 0, 0, 0)]);
    expect(next).toEqual(new Map([['a/0', 20n], ['a/1', 5n], ['b/0', 1n]]));
  });

  it('cuts runs at a month change and at the size limit, keeping offset order', () => {
    const records = ['06', '06', '06', '07', '06'].map((m, offset) => ({ month: `2024-${m}`, offset }));
    expect(runsOf(records, 2).map((run) => run.map((record) => record.offset))).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('takes the month in WIB from the event time, else from the record timestamp', () => {
    expect(monthOf('2024-10-31T16:59:59.999Z', '0')).toBe('2024-10');
    // 06:00 WIB on 1 November: still October in UTC, November in the platform's reports.
    expect(monthOf('2024-10-31T23:00:00.000Z', '0')).toBe('2024-11');
    expect(monthOf('2024-11-01T06:59:00+07:00', '0')).toBe('2024-11');
    expect(monthOf(undefined, String(Date.UTC(2024, 11, 31, 17)))).toBe('2025-01');
    expect(monthOf('not a time', String(Date.UTC(2025, 0, 15)))).toBe('2025-01');
  });
});
