import { loadFramework } from '@mcp/master-data';
import { PermanentEventError } from '@mcp/messaging';
import { runMigrations, withDataSource, type DatabaseSettings } from '@mcp/service-runtime';
import { dropSchemas, testDatabaseUrl } from '@mcp/testing';
import { ReferenceData } from './reference-data';
import { referenceTablesMigration } from './reference-tables.migration';
import { seedReferenceData } from './seed-reference-data';
import { storeFrameworkRevision } from './stored-framework';

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
    expect(first).toEqual({ pemda: 546, frameworks: ['2020 r1', '2024 r1', '2025 r1'] });
    expect(second).toEqual(first);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${schema}.pemda`);
    expect(count).toBe(546);
    const referenceData = new ReferenceData(dataSource);
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

describe('storeFrameworkRevision (what the FrameworkPublished consumer runs)', () => {
  const revision2 = { ...loadFramework(2024), revision: 2, name: 'Koreksi 2024' };

  it('stores a new revision once, and the latest revision is what frameworkFor answers after invalidate', async () => {
    await withDataSource(settings, async (dataSource) => {
      const referenceData = new ReferenceData(dataSource);
      expect((await referenceData.frameworkFor(2024))?.framework.revision).toBe(1);
      const outcomes = [
        await dataSource.transaction((manager) => storeFrameworkRevision(manager, schema, revision2)),
        await dataSource.transaction((manager) => storeFrameworkRevision(manager, schema, revision2)),
      ];
      expect(outcomes).toEqual(['stored', 'already-stored']);
      expect((await referenceData.frameworkFor(2024))?.framework.revision).toBe(1); // cached
      referenceData.invalidate();
      expect((await referenceData.frameworkFor(2024))?.framework).toEqual(revision2);
    });
  });

  it('refuses a different document under a stored revision, and an invalid one, permanently', async () => {
    await withDataSource(settings, async (dataSource) => {
      const changed = { ...revision2, name: 'Diam-diam diubah' };
      await expect(dataSource.transaction((manager) => storeFrameworkRevision(manager, schema, changed))).rejects.toThrow(
        new PermanentEventError(
          'Kerangka 2024 revisi 2 sudah tersimpan dengan isi berbeda; revisi yang sudah terbit tidak boleh diubah, ' +
            'terbitkan revisi baru (framework 2024 r2 is already stored with other content; published revisions are immutable)',
        ),
      );
      const invalid = { ...revision2, revision: 3, timeZone: 'WIB' };
      await expect(dataSource.transaction((manager) => storeFrameworkRevision(manager, schema, invalid))).rejects.toThrow(
        /tidak valid.*timeZone: zona waktu "WIB" tidak dikenal/,
      );
    });
  });
});
