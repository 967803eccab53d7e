import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit sealer's sweep floor, kept in the database (src/modules/audit/audit-chain.ts,
 * `SweepFloor`): every event at or below `event_id` is sealed or will never commit. A hub process
 * raises it after a sweep that sealed everything above the floor it started from, and reads it
 * when it starts, so a restarted process sweeps from there instead of reading the whole trail
 * (its first sweeps, until its own snapshots raise the floor, read every event: ~0.5 s at
 * 1,000,000 events, once per sweep). One row; it only rises (`greatest`). The floor is a fact
 * about the database's events, not about a process, so any process may start from another's.
 */
export class AuditSweepFloor1796466000000 implements MigrationInterface {
  name = 'AuditSweepFloor1796466000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_sweep_floor (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      event_id bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_sweep_floor`);
  }
}
