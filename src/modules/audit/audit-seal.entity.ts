import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

/**
 * The hash chain over audit events, written after the events commit (by the sealer), so that
 * writers never wait on one global lock. seq is the position in the chain; hash covers the
 * previous hash and the event's content. Append-only like audit_event.
 */
@Entity()
export class AuditSeal {
  @PrimaryColumn('bigint')
  seq: string;

  @Column('bigint', { unique: true })
  eventId: string;

  @ManyToOne(() => AuditEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id' })
  event?: AuditEvent;

  @Column('text')
  prevHash: string;

  @Column('text')
  hash: string;

  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  sealedAt: Date;
}
