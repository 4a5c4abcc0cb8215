import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadLetterWatch1763700000150 implements MigrationInterface {
  name = 'DeadLetterWatch1763700000150';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Per dead-letter topic: up to where (offsets summed over partitions) the admins were told, and
    // when. Locked while a replica decides, so two replicas never tell the same records twice.
    await queryRunner.query(`
      CREATE TABLE "notification"."dead_letter_watch" (
        topic text PRIMARY KEY,
        reported_offset bigint NOT NULL,
        last_notice_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"."dead_letter_watch"`);
  }
}
