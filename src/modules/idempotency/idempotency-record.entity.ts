import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A creating mutation's client-generated idempotency key, per actor and operation, with a hash of
 * the input and a reference to what the first call created. A retry with the same input gets the
 * original result; the same key with other input is CONFLICT.
 */
@Entity()
export class IdempotencyRecord {
  @PrimaryColumn('uuid')
  actorId: string;

  @PrimaryColumn('text')
  operation: string;

  @PrimaryColumn('text')
  key: string;

  @Column('text')
  requestHash: string;

  @Column('text', { nullable: true })
  resultId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
