import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Agency } from '../account/agency.entity';

export const VERIFICATION_STATUSES = ['RECEIVED', 'ROUTED', 'VERIFYING', 'ANSWERED'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];
export const VERIFICATION_RESULTS = ['CONFIRMED_ISOLATED', 'NOT_FOUND', 'CLEARED', 'REFERRED'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** One bulk import (a data push of 区域协查 records), with what it found. */
@Entity()
@Check('verification_batch_source_check', `source IN ('GRAPHQL','CSV')`)
export class VerificationBatch {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  batchRef: string;

  @Column('varchar', { length: 16 })
  source: 'GRAPHQL' | 'CSV';

  @Column('integer')
  received: number;

  @Column('integer')
  needingVerification: number;

  /** Records whose externalRef was already imported: skipped, reported back. */
  @Column('jsonb', { default: [] })
  duplicates: { row: number; externalRef: string }[];

  @Column('uuid')
  importedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'imported_by_id' })
  importedBy?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One received record of regional cooperative verification (区域协查). Only records flagged as
 * needing field verification are tasks and move through the states; the rest stay RECEIVED.
 * Identity numbers and phones arrive masked and are stored only masked.
 */
@Entity()
@Check('verification_record_status_check', `status IN ('RECEIVED','ROUTED','VERIFYING','ANSWERED')`)
@Check('verification_record_result_check', `(status = 'ANSWERED') = (result IS NOT NULL) AND (result IS NULL OR result IN ('CONFIRMED_ISOLATED','NOT_FOUND','CLEARED','REFERRED'))`)
@Check('verification_record_task_check', `needs_verification OR status = 'RECEIVED'`)
@Check('verification_record_identity_check', `id_number_masked IS NOT NULL OR phone_masked IS NOT NULL`)
@Index('verification_record_external_ref_uq', ['externalRef'], { unique: true })
@Index('verification_record_task_idx', ['status', 'deadline'], { where: 'needs_verification' })
@Index('verification_record_unit_idx', ['routedUnitId'])
@Index('verification_record_batch_idx', ['batchId'])
@Index('verification_record_created_idx', ['createdAt', 'id'])
@Index('verification_record_received_idx', ['receivedAt', 'id'])
export class VerificationRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  batchId: string;

  @ManyToOne(() => VerificationBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch?: VerificationBatch;

  /** The sender's id for the record; unique across imports. */
  @Column('text')
  externalRef: string;

  @Column('text')
  personName: string;

  @Column('text', { nullable: true })
  idNumberMasked: string | null;

  @Column('text', { nullable: true })
  phoneMasked: string | null;

  @Column('text')
  reason: string;

  @Column('boolean')
  needsVerification: boolean;

  @Column('varchar', { length: 16, default: 'RECEIVED' })
  status: VerificationStatus;

  /** The unit (agency) the task is routed to for field verification. */
  @Column('uuid', { nullable: true })
  routedUnitId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'routed_unit_id' })
  routedUnit?: Agency;

  @Column('timestamptz', { nullable: true })
  deadline: Date | null;

  @Column('varchar', { length: 32, nullable: true })
  result: VerificationResult | null;

  @Column('text', { nullable: true })
  resultNotes: string | null;

  @Column('timestamptz', { nullable: true })
  answeredAt: Date | null;

  @Column('uuid', { nullable: true })
  answeredById: string | null;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'answered_by_id' })
  answeredBy?: Account;

  /**
   * When the source system received the record (its own receipt time, sent with the import), or
   * the import time when it sent none. The report counts records by it; createdAt (the import)
   * decides what was known at a cutoff.
   */
  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt: Date;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  /** Millisecond precision, so a JavaScript Date in a page cursor matches it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
