import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox: one row per live event, written in the transaction of the change it announces
 * (so it exists if and only if that change committed). Rows are read in (tx_id, seq) order,
 * only below the oldest transaction of this database still in flight (see feed-outbox.ts), so a reader never
 * passes a row whose transaction commits later. `tx_id` is the writer's pg_current_xact_id(),
 * set by a trigger (migration FeedOutbox); `recorded_at` decides retention.
 */
@Entity('hub_event')
@Index('hub_event_position_uq', ['txId', 'seq'], { unique: true })
@Index('hub_event_recorded_idx', ['recordedAt'])
export class HubEventRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq: string;

  /** pg_current_xact_id() of the writing transaction (xid8 as bigint), set by trigger. */
  @Column({ type: 'bigint', insert: false, update: false })
  txId: string;

  @Column('varchar', { length: 32 })
  kind: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  recordedAt: Date;

  @Column('uuid', { nullable: true })
  siteId: string | null;

  @Column('text')
  entityType: string;

  @Column('text')
  entityId: string;

  @Column('text')
  message: string;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;
}
