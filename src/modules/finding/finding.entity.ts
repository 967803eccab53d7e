import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Site } from '../site/site.entity';
import { InspectionTeam } from '../account/inspection-team.entity';
import { Account } from '../account/account.entity';
import { Agency } from '../account/agency.entity';
import type { Severity } from '../checklist/checklist.entity';

export { FINDING_STATUSES, SETTLED_STATUSES, settledSql, type FindingStatus } from './finding-status';
import { settledSql, type FindingStatus } from './finding-status';

/**
 * A problem found at a site (问题/隐患): a failed item or an ad-hoc observation. The deadline is
 * copied from the site kind's profile when the finding is raised (profileVersion says which),
 * so later profile changes never move it. Overdue is derived from it and the clock, not stored.
 */
@Entity()
@Check('finding_status_check', `status IN ('OPEN','RECTIFICATION_SUBMITTED','VERIFIED','DISPUTED','WITHDRAWN')`)
@Check('finding_severity_check', `severity IN ('CRITICAL','MAJOR','MINOR')`)
@Check('finding_deadline_check', `deadline > raised_at`)
@Index('finding_site_status_idx', ['siteId', 'status'])
@Index('finding_inspection_idx', ['inspectionId'])
// The deadline index carries what a report reads of a partial day's findings (migration
// ReportFindingPartialDayCover): INCLUDE columns, which TypeORM cannot express.
@Index('finding_deadline_idx', { synchronize: false })
@Index('finding_open_deadline_idx', ['deadline', 'id'], { where: settledSql('status', true) })
@Index('finding_team_idx', ['teamId'])
// The report's covering index of the findings changed since a cutoff (migration
// ReportFindingChangedCover): an expression with INCLUDE columns that TypeORM cannot express;
// synchronize: false keeps the schema builder from dropping it.
@Index('report_finding_changed_idx', { synchronize: false })
// Likewise the findings recorded after their deadline (migration FindingTalliesByRecordedDay) and
// those changed since recorded, by recording time (FindingModifiedRecordedIndex): partial
// expression indexes with INCLUDE columns.
@Index('report_finding_recorded_late_idx', { synchronize: false })
@Index('report_finding_modified_recorded_idx', { synchronize: false })
// And the raised-time index, which carries what a report reads of a partial day's findings
// (migration ReportFindingPartialDayCover).
@Index('report_finding_raised_idx', { synchronize: false })
export class Finding {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  inspectionId: string;

  /** The relation is by entity name: the finding module imports no inspection code (load it by inspectionId). */
  @ManyToOne('Inspection', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inspection_id' })
  inspection?: unknown;

  /** Copied from the inspection so scope filters need no join. */
  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  /** The issuing team (its inspectors verify rectifications). */
  @Column('uuid')
  teamId: string;

  @ManyToOne(() => InspectionTeam, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: InspectionTeam;

  @Column('uuid', { nullable: true })
  issuingAgencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'issuing_agency_id' })
  issuingAgency?: Agency;

  @Column('uuid')
  raisedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raised_by_id' })
  raisedBy?: Account;

  /** The failed item's code; null for an ad-hoc finding. */
  @Column('varchar', { length: 64, nullable: true })
  itemCode: string | null;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { nullable: true })
  legalBasis: string | null;

  @Column('varchar', { length: 16 })
  severity: Severity;

  @Column('varchar', { length: 32 })
  status: FindingStatus;

  @Column('timestamptz')
  raisedAt: Date;

  @Column('timestamptz')
  deadline: Date;

  @Column('integer')
  profileVersion: number;

  @Column('jsonb', { default: [] })
  evidenceIds: string[];

  @Column('timestamptz', { nullable: true })
  verifiedAt: Date | null;

  @Column('uuid', { nullable: true })
  verifiedById: string | null;

  /**
   * An open dispute pauses the deadline (the dispute module's rule, deadlinePauses). Kept by a
   * trigger on dispute (migration FindingDeadlinePaused); the ORM never writes it.
   */
  @Column({ type: 'boolean', default: false, insert: false, update: false })
  deadlinePaused: boolean;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const RECTIFICATION_STATUSES = ['SUBMITTED', 'ACCEPTED', 'REJECTED'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** What the site did about a finding (整改), and the inspector's decision on it. */
@Entity()
@Check('rectification_status_check', `status IN ('SUBMITTED','ACCEPTED','REJECTED')`)
@Check('rectification_rejection_check', `(status = 'REJECTED') = (rejection_reason IS NOT NULL)`)
@Index('rectification_finding_idx', ['findingId', 'submittedAt'])
export class Rectification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  findingId: string;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('uuid')
  submittedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy?: Account;

  @Column('text')
  description: string;

  @Column('jsonb', { default: [] })
  evidenceIds: string[];

  @Column('timestamptz')
  submittedAt: Date;

  @Column('varchar', { length: 16 })
  status: RectificationStatus;

  @Column('uuid', { nullable: true })
  reviewedById: string | null;

  @Column('timestamptz', { nullable: true })
  reviewedAt: Date | null;

  @Column('text', { nullable: true })
  rejectionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
