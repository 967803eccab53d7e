import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the time-driven feed scans have got ('clock'), so each crossing is announced once;
 * and how far retention has deleted the outbox ('outbox': the last deleted position), so a
 * cursor from before it is refused instead of silently skipping events.
 */
@Entity()
export class FeedWatermark {
  @PrimaryColumn('text')
  name: string;

  @Column('timestamptz')
  scannedTo: Date;

  @Column('bigint', { nullable: true })
  txId: string | null;

  @Column('bigint', { nullable: true })
  seq: string | null;
}
