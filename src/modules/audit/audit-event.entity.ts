import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change, written in the same transaction as the change itself. The table is append-only
 * (triggers in the migration reject UPDATE, DELETE and TRUNCATE); audit_seal chains the events.
 */
@Entity()
@Index('audit_event_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_event_actor_idx', ['actorId', 'id'])
@Index('audit_event_occurred_idx', ['occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  occurredAt: Date;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorUsername: string | null;

  @Column('text', { nullable: true })
  actorRole: string | null;

  @Column('text')
  action: string;

  @Column('text')
  entityType: string;

  @Column('text')
  entityId: string;

  /** `{ field: { before, after } }` for the fields the change touched. */
  @Column('jsonb', { default: {} })
  changes: Record<string, { before: unknown; after: unknown }>;

  @Column('text', { nullable: true })
  requestId: string | null;
}
