import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Site } from '../site/site.entity';
import { InspectionTeam } from '../account/inspection-team.entity';
import { Account } from '../account/account.entity';
import { Agency } from '../account/agency.entity';
import { ChecklistVersion } from '../checklist/checklist.entity';

export const INSPECTION_STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'SUBMITTED', 'CLOSED', 'CANCELLED'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const OUTCOMES = ['PASS', 'PASS_WITH_FINDINGS', 'FAIL'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One visit of one team to one site with one pinned checklist version (检查). The score columns
 * are written by the server at submission from the stored answers; no client ever sends them.
 */
@Entity()
@Check('inspection_status_check', `status IN ('SCHEDULED','IN_PROGRESS','SUBMITTED','CLOSED','CANCELLED')`)
@Check('inspection_outcome_check', `outcome IS NULL OR outcome IN ('PASS','PASS_WITH_FINDINGS','FAIL')`)
@Check('inspection_correction_check', `(corrects_inspection_id IS NULL) = (correction_reason IS NULL)`)
@Check('inspection_submitted_check', `status NOT IN ('SUBMITTED','CLOSED') OR (submitted_at IS NOT NULL AND outcome IS NOT NULL)`)
@Index('inspection_site_created_idx', ['siteId', 'createdAt', 'id'])
@Index('inspection_site_submitted_idx', ['siteId', 'submittedAt'])
@Index('inspection_team_status_idx', ['teamId', 'status'])
@Index('inspection_status_due_idx', ['status', 'dueAt'])
// The report's covering index (migration ReportInspectionCover): an expression with INCLUDE columns
// that TypeORM cannot express; synchronize: false keeps the schema builder from dropping it.
@Index('report_inspection_submitted_cover_idx', { synchronize: false })
export class Inspection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column('uuid')
  teamId: string;

  @ManyToOne(() => InspectionTeam, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team?: InspectionTeam;

  @Column('uuid')
  checklistVersionId: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checklist_version_id' })
  checklistVersion?: ChecklistVersion;

  @Column('varchar', { length: 16 })
  status: InspectionStatus;

  @Column('timestamptz', { nullable: true })
  dueAt: Date | null;

  @Column('uuid', { nullable: true })
  scheduledById: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  /** Where the device was when the team started (WGS84), and the fix's accuracy in metres; null when not recorded. */
  @Column('double precision', { nullable: true })
  startLatitude: number | null;

  @Column('double precision', { nullable: true })
  startLongitude: number | null;

  @Column('double precision', { nullable: true })
  startAccuracyMeters: number | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('uuid', { nullable: true })
  submittedById: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  /** Who at the site acknowledged the rectification notice, and when (null until then). */
  @Column('timestamptz', { nullable: true })
  noticeAcknowledgedAt: Date | null;

  @Column('uuid', { nullable: true })
  noticeAcknowledgedById: string | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  /** Filed in one go by a client that worked offline; startedAt/submittedAt are device times. */
  @Column('boolean', { default: false })
  filedOffline: boolean;

  /** When the server received an offline filing. */
  @Column('timestamptz', { nullable: true })
  receivedAt: Date | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  @Column('double precision', { nullable: true })
  pointsEarned: number | null;

  @Column('double precision', { nullable: true })
  pointsPossible: number | null;

  @Column('varchar', { length: 24, nullable: true })
  outcome: Outcome | null;

  /** The pass mark and profile version the outcome was judged against. */
  @Column('integer', { nullable: true })
  passMark: number | null;

  @Column('integer', { nullable: true })
  profileVersion: number | null;

  /** Re-inspection: the inspection of the same site this one follows up. */
  @Column('uuid', { nullable: true })
  previousInspectionId: string | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'previous_inspection_id' })
  previousInspection?: Inspection;

  /** Correction: the submitted inspection this one corrects, and why. */
  @Column('uuid', { nullable: true })
  correctsInspectionId: string | null;

  @ManyToOne(() => Inspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_inspection_id' })
  correctsInspection?: Inspection;

  @Column('text', { nullable: true })
  correctionReason: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  /** Millisecond precision, so the list cursor (an ISO string) names a row exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Who was on the team when it started (joint inspection: members from several agencies). */
@Entity()
export class InspectionMember {
  @PrimaryColumn('uuid')
  inspectionId: string;

  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => Inspection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inspection_id' })
  inspection?: Inspection;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @Column('uuid', { nullable: true })
  agencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency;

  @Column('boolean', { default: false })
  isLeader: boolean;
}

/**
 * The answer to one item, by its stable code. `passed` is computed by the server from the
 * value and the item (null for N/A and unscored TEXT).
 */
@Entity()
@Check('inspection_answer_one_value_check', `not_applicable OR num_nonnulls(bool_value, number_value, choice_value, text_value) = 1`)
export class InspectionAnswer {
  @PrimaryColumn('uuid')
  inspectionId: string;

  @PrimaryColumn('varchar', { length: 64 })
  itemCode: string;

  @ManyToOne(() => Inspection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inspection_id' })
  inspection?: Inspection;

  @Column('boolean', { default: false })
  notApplicable: boolean;

  @Column('boolean', { nullable: true })
  boolValue: boolean | null;

  @Column('double precision', { nullable: true })
  numberValue: number | null;

  @Column('text', { nullable: true })
  choiceValue: string | null;

  @Column('text', { nullable: true })
  textValue: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('boolean', { nullable: true })
  passed: boolean | null;

  @Column('jsonb', { default: [] })
  evidenceIds: string[];

  @Column('uuid')
  answeredById: string;

  @Column('timestamptz')
  answeredAt: Date;
}
