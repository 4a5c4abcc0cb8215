import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lease a task's holder was last warned about (mcp.task.lease-expiring.v1). Setting it in the
 * transaction that writes the event is what makes the warning once per lease across replicas and
 * overlapping sweeps; an extension moves lease_expires_at past it, so the new lease is warned again.
 */
export class LeaseWarnings1763700000470 implements MigrationInterface {
  name = 'LeaseWarnings1763700000470';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "verification"."task" ADD COLUMN lease_warned_for timestamptz`);
    // The sweep reads only live claims, a few per verifier, whatever the size of the queue.
    await queryRunner.query(
      `CREATE INDEX "task_live_leases" ON "verification"."task" (lease_expires_at) WHERE status = 'claimed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "verification"."task_live_leases"`);
    await queryRunner.query(`ALTER TABLE "verification"."task" DROP COLUMN lease_warned_for`);
  }
}
