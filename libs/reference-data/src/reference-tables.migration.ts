import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each service that needs Pemda or framework data keeps its own copy in its own schema, so no
 * service reads another's tables. The copy is filled by `seedReferenceData` from the shipped files,
 * and each published framework revision arrives from `mcp.framework.published.v1`
 * (FrameworkPublishedController).
 */
export function referenceTablesMigration(schema: string): new () => MigrationInterface {
  return class ReferenceTables1763700000001 implements MigrationInterface {
    name = 'ReferenceTables1763700000001';

    async up(queryRunner: QueryRunner): Promise<void> {
      // The schema exists: runMigrations or the administrator's step made it (the role may not create schemas).
      await queryRunner.query(`
        CREATE TABLE "${schema}"."pemda" (
          code text PRIMARY KEY,
          name text NOT NULL,
          kind text NOT NULL CHECK (kind IN ('provinsi', 'kabupaten', 'kota')),
          province_code text NOT NULL,
          wilayah text NOT NULL CHECK (wilayah IN ('I', 'II', 'III', 'IV', 'V'))
        )`);
      await queryRunner.query(`
        CREATE TABLE "${schema}"."framework" (
          year integer NOT NULL,
          revision integer NOT NULL,
          document jsonb NOT NULL,
          stored_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (year, revision)
        )`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE "${schema}"."framework"`);
      await queryRunner.query(`DROP TABLE "${schema}"."pemda"`);
    }
  };
}
