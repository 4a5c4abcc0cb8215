import { loadFramework } from '@mcp/master-data';
import type { DataSource, EntityManager } from 'typeorm';
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

  // After an invalidate(), transactions that each hold a pool connection must not wait for another
  // one to fill the cache: a full pool of them would wait on each other (#212).
  it('reads a miss on the transaction it is given, never through the pool, and keeps what it read', async () => {
    const framework = loadFramework(2024);
    const pool = { options: { schema: 'verification' }, reads: 0, query: async () => ((pool.reads += 1), [{ document: framework }]) };
    const transaction = { reads: 0, query: async () => ((transaction.reads += 1), [{ document: framework }]) };
    const referenceData = new ReferenceData(pool as unknown as DataSource);
    const record = await referenceData.frameworkFor(2024, transaction as unknown as EntityManager);
    expect(record?.framework.year).toBe(2024);
    expect([pool.reads, transaction.reads]).toEqual([0, 1]);
    expect(await referenceData.frameworkFor(2024)).toBe(record);
    expect(await referenceData.requireFramework(2024, transaction as unknown as EntityManager)).toBe(record);
    expect([pool.reads, transaction.reads]).toEqual([0, 1]);
  });
});

describe('ReferenceData.findPemda', () => {
  it('reads a miss on the transaction it is given, never through the pool (#212)', async () => {
    const row = { code: '32.73', name: 'Kota Bandung', kind: 'kota', province_code: '32', wilayah: 'III' };
    const pool = { options: { schema: 'verification' }, reads: 0, query: async () => ((pool.reads += 1), [row]) };
    const transaction = { reads: 0, query: async () => ((transaction.reads += 1), [row]) };
    const referenceData = new ReferenceData(pool as unknown as DataSource);
    expect(await referenceData.findPemda('32.73', transaction as unknown as EntityManager)).toMatchObject({ code: '32.73', provinceCode: '32' });
    expect(await referenceData.requirePemda('32.73')).toMatchObject({ name: 'Kota Bandung' });
    expect([pool.reads, transaction.reads]).toEqual([0, 1]);
  });
});
