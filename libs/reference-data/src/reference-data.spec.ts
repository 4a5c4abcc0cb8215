import { loadFramework } from '@mcp/master-data';
import type { DataSource } from 'typeorm';
import { ReferenceData } from './reference-data';

/** A DataSource whose framework reads wait until released, counting them. */
function slowFrameworkTable() {
  const framework = loadFramework(2024);
  const waiting: (() => void)[] = [];
  const dataSource = {
    options: { schema: 'notification' },
    reads: 0,
    query: async () => {
      dataSource.reads += 1;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return [{ document: framework }];
    },
  };
  const releaseAll = () => waiting.splice(0).forEach((release) => release());
  return { dataSource, releaseAll };
}

describe('ReferenceData.frameworkFor', () => {
  it('reads a year once for every caller that asks while it loads, and then from the cache', async () => {
    const { dataSource, releaseAll } = slowFrameworkTable();
    const referenceData = new ReferenceData(dataSource as unknown as DataSource);
    const callers = Array.from({ length: 50 }, () => referenceData.frameworkFor(2024));
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    const records = await Promise.all(callers);
    expect(dataSource.reads).toBe(1);
    expect(new Set(records).size).toBe(1);
    expect(records[0]?.framework.year).toBe(2024);
    expect(await referenceData.frameworkFor(2024)).toBe(records[0]);
    expect(dataSource.reads).toBe(1);
  });

  it('does not keep what a read begun before an invalidate() found: the next caller reads again', async () => {
    const { dataSource, releaseAll } = slowFrameworkTable();
    const referenceData = new ReferenceData(dataSource as unknown as DataSource);
    const early = referenceData.frameworkFor(2024);
    await new Promise((resolve) => setImmediate(resolve));
    referenceData.invalidate();
    releaseAll();
    await early;
    const late = referenceData.frameworkFor(2024);
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    await late;
    expect(dataSource.reads).toBe(2);
  });
});
