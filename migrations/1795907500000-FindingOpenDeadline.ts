import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * findings(filter: { overdue: true }): open findings by deadline. Partial on the open statuses,
 * with the id, so the page (ORDER BY deadline, id) and its totalCount read a small index alone
 * instead of visiting every open finding's row.
 */
export class FindingOpenDeadline1795907500000 implements MigrationInterface {
    name = 'FindingOpenDeadline1795907500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "finding_open_deadline_idx" ON "finding"  ("deadline", "id") WHERE status NOT IN ('VERIFIED','WITHDRAWN')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."finding_open_deadline_idx"`);
    }

}
