import { runMigrations, withDataSource, type DatabaseSettings } from '@mcp/service-runtime';
import { dropSchemas, testDatabaseUrl } from '@mcp/testing';
import { ReferenceData } from './reference-data';
import { referenceTablesMigration } from './reference-tables.migration';
import { seedReferenceData } from './seed-reference-data';

const schema = 'reference_test';
const settings: DatabaseSettings = { url: testDatabaseUrl, schema, entities: [], migrations: [referenceTablesMigration(schema)] };

beforeAll(async () => {
  await dropSchemas([schema]);
  await runMigrations(settings);
});

it('seeds the 546 Pemda with their wilayah and the frameworks, and seeding again changes nothing', async () => {
  await withDataSource(settings, async (dataSource) => {
    const first = await seedReferenceData(dataSource, schema);
    const second = await seedReferenceData(dataSource, schema);
    expect(first.pemda).toBe(546);
    expect(second).toEqual(first);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${schema}.pemda`);
    expect(count).toBe(546);
    const referenceData = new ReferenceData(dataSource, schema);
    expect(await referenceData.findPemda('32.73')).toEqual({
      code: '32.73',
      name: 'Kota Bandung',
      kind: 'kota',
      provinceCode: '32',
      wilayah: 'III',
    });
    expect(await referenceData.findPemda('31.71')).toBeUndefined();
    const framework = await referenceData.frameworkFor(2024);
    expect(framework?.framework.areas).toHaveLength(8);
    expect(await referenceData.frameworkFor(2019)).toBeUndefined();
  });
});
