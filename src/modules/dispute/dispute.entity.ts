import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Finding } from '../finding/finding.entity';
import { Site } from '../site/site.entity';

export const DISPUTE_KINDS = ['FINDING', 'SITE_CONFLICT'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];
export const DISPUTE_STATUSES = ['LODGED', 'UNDER_REVIEW', 'RESOLVED', 'WITHDRAWN'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
/** Statuses in which a dispute is still open (counts for overdue, blocks a second dispute). */
export const OPEN_DISPUTE_STATUSES: DisputeStatus[] = ['LODGED', 'UNDER_REVIEW'];
export const DISPUTE_OUTCOMES = ['UPHELD', 'OVERTURNED', 'AMENDED'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const CONFLICT_CATEGORIES = ['GUEST_REFUSED_REGISTRATION', 'CHECKPOINT_QUARREL', 'NEIGHBOURHOOD', 'QUARANTINE_NONCOMPLIANCE', 'OTHER'] as const;
export type ConflictCategory = (typeof CONFLICT_CATEGORIES)[number];

/**
 * A dispute (异议/纠纷): either a site contesting a finding (kind FINDING), or a conflict recorded
 * at a site that is not about a finding (kind SITE_CONFLICT, recorded already resolved).
 * resolutionDueAt is copied from the profile at lodging, so a later profile change never moves
 * it; overdue is derived from it and the clock, never stored.
 */
@Entity()
@Check('dispute_kind_check', `kind IN ('FINDING','SITE_CONFLICT')`)
@Check('dispute_status_check', `status IN ('LODGED','UNDER_REVIEW','RESOLVED','WITHDRAWN')`)
@Check('dispute_outcome_check', `outcome IS NULL OR outcome IN ('UPHELD','OVERTURNED','AMENDED')`)
@Check('dispute_category_check', `category IS NULL OR category IN ('GUEST_REFUSED_REGISTRATION','CHECKPOINT_QUARREL','NEIGHBOURHOOD','QUARANTINE_NONCOMPLIANCE','OTHER')`)
@Check('dispute_kind_shape_check', `(kind = 'FINDING' AND finding_id IS NOT NULL AND category IS NULL) OR (kind = 'SITE_CONFLICT' AND finding_id IS NULL AND category IS NOT NULL)`)
@Check('dispute_resolved_check', `(status = 'RESOLVED') = (resolved_at IS NOT NULL) AND (status <> 'RESOLVED' OR kind <> 'FINDING' OR (outcome IS NOT NULL AND rationale IS NOT NULL))`)
@Check('dispute_review_check', `status <> 'UNDER_REVIEW' OR reviewer_id IS NOT NULL`)
@Index('dispute_open_finding_uq', ['findingId'], { unique: true, where: `status IN ('LODGED','UNDER_REVIEW')` })
@Index('dispute_finding_idx', ['findingId'])
@Index('dispute_site_lodged_idx', ['siteId', 'lodgedAt'])
@Index('dispute_lodged_idx', ['lodgedAt', 'id'])
@Index('dispute_reviewer_idx', ['reviewerId'])
// The report's resolution index (migration ReportDisputeResolvedCover): an expression with INCLUDE
// columns that TypeORM cannot express; synchronize: false keeps the schema builder from dropping it.
@Index('report_dispute_resolved_idx', { synchronize: false })
export class Dispute {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 16 })
  kind: DisputeKind;

  @Column('uuid', { nullable: true })
  findingId: string | null;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  /** The finding's site, copied so scope filters need no join. */
  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column('varchar', { length: 16 })
  status: DisputeStatus;

  /** Site conflicts only. */
  @Column('varchar', { length: 32, nullable: true })
  category: ConflictCategory | null;

  /** The site's written reason (finding disputes) or what happened (site conflicts). */
  @Column('text')
  reason: string;

  /** Site conflicts: who was involved. */
  @Column('jsonb', { default: [] })
  parties: string[];

  /** Site conflicts: the mediator, an account of the hub or a name. */
  @Column('uuid', { nullable: true })
  mediatedById: string | null;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'mediated_by_id' })
  mediatedBy?: Account;

  @Column('text', { nullable: true })
  mediatedByName: string | null;

  @Column('jsonb', { default: [] })
  evidenceIds: string[];

  @Column('uuid')
  lodgedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lodged_by_id' })
  lodgedBy?: Account;

  @Column('timestamptz')
  lodgedAt: Date;

  /** lodgedAt + the profile's disputeResolutionDays (finding disputes). */
  @Column('timestamptz', { nullable: true })
  resolutionDueAt: Date | null;

  /** The finding's status when the dispute was lodged: where UPHELD and AMENDED return it. */
  @Column('varchar', { length: 32, nullable: true })
  findingStatusBefore: string | null;

  /** Whether the finding's deadline stands still while this dispute is open (profile, severity). */
  @Column('boolean', { default: false })
  deadlinePaused: boolean;

  @Column('uuid', { nullable: true })
  reviewerId: string | null;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: Account;

  @Column('timestamptz', { nullable: true })
  assignedAt: Date | null;

  @Column('varchar', { length: 16, nullable: true })
  outcome: DisputeOutcome | null;

  /** The reviewer's written rationale (finding disputes) or the agreed outcome (site conflicts). */
  @Column('text', { nullable: true })
  rationale: string | null;

  @Column('varchar', { length: 16, nullable: true })
  newSeverity: string | null;

  @Column('timestamptz', { nullable: true })
  newDeadline: Date | null;

  /** How far the finding's deadline moved at resolution because it was paused (seconds). */
  @Column('integer', { nullable: true })
  deadlineExtensionSeconds: number | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('uuid', { nullable: true })
  resolvedById: string | null;

  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
