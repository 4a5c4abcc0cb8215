import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for what claim-next and a decision look up on every request (docs/decisions.md #90).
 * Claim-next's separation-of-duties anti-join filtered item_contributor by the claimer only, which
 * had no index: the planner read the whole table on every claim (4.9 ms of a 5 ms claim over
 * 40,000 contributor rows; 0.25 ms with this index). A decision looks up the QA reviews of its task
 * and of the decisions it replaces, which had no index but the wilayah's queue of pending ones.
 */
export class ClaimAndDecisionIndexes1763700000920 implements MigrationInterface {
  name = 'ClaimAndDecisionIndexes1763700000920';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "item_contributor_by_subject" ON "verification"."item_contributor" (subject)`);
    await queryRunner.query(`CREATE INDEX "qa_review_pending_by_task" ON "verification"."qa_review" (task_id) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX "qa_review_by_decision" ON "verification"."qa_review" (decision_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['qa_review_by_decision', 'qa_review_pending_by_task', 'item_contributor_by_subject']) {
      await queryRunner.query(`DROP INDEX "verification"."${index}"`);
    }
  }
}
