import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The standard a site kind is held to. `version` goes up with each change and every version is
 * kept in standard_profile_revision; a finding copies its deadline at raise time and records the
 * profile version, so a later change never moves an existing deadline.
 */
@Entity()
@Check('standard_profile_kind_check', `site_kind IN ('HOTEL','VENUE','DETENTION_FACILITY','ISOLATION_SITE','CHECKPOINT','SAMPLING_POINT')`)
@Check('standard_profile_pass_mark_check', `pass_mark BETWEEN 0 AND 100`)
@Check('standard_profile_deadlines_check', `critical_deadline_hours > 0 AND major_deadline_hours > 0 AND minor_deadline_hours > 0 AND critical_deadline_hours <= major_deadline_hours AND major_deadline_hours <= minor_deadline_hours`)
@Check('standard_profile_interval_check', `reinspection_interval_days > 0`)
@Check('standard_profile_interval_factor_check', `high_risk_interval_factor > 0 AND high_risk_interval_factor <= 1 AND fail_interval_factor > 0 AND fail_interval_factor <= 1`)
@Check('standard_profile_dispute_check', `dispute_lodging_window_days > 0 AND dispute_resolution_days > 0`)
export class StandardProfile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32, unique: true })
  siteKind: string;

  /** Score (0-100) an inspection needs to pass. */
  @Column('integer')
  passMark: number;

  @Column('integer')
  criticalDeadlineHours: number;

  @Column('integer')
  majorDeadlineHours: number;

  @Column('integer')
  minorDeadlineHours: number;

  @Column('integer')
  reinspectionIntervalDays: number;

  /** The re-inspection interval is multiplied by this for a site of HIGH or CRITICAL risk (0 < f ≤ 1). */
  @Column('double precision', { default: 0.5 })
  highRiskIntervalFactor: number;

  /** …and by this when the site's last inspection FAILed (0 < f ≤ 1); both apply together. */
  @Column('double precision', { default: 0.5 })
  failIntervalFactor: number;

  /** Every failed answer and every finding must carry evidence. */
  @Column('boolean')
  evidenceMandatory: boolean;

  // For the disputes workflow (issue 4): the columns only, no logic here.
  @Column('integer', { default: 14 })
  disputeLodgingWindowDays: number;

  @Column('integer', { default: 10 })
  disputeResolutionDays: number;

  /** CRITICAL deadlines never pause during a dispute, so there is no column for them. */
  @Column('boolean', { default: true })
  pauseDeadlineDuringDisputeMajor: boolean;

  @Column('boolean', { default: true })
  pauseDeadlineDuringDisputeMinor: boolean;

  @Column('uuid', { nullable: true })
  updatedById: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Every version a profile has had, as a snapshot: the history behind findings' deadlines. */
@Entity()
@Index('standard_profile_revision_kind_version_uq', ['siteKind', 'profileVersion'], { unique: true })
export class StandardProfileRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32 })
  siteKind: string;

  @Column('integer')
  profileVersion: number;

  @Column('jsonb')
  snapshot: Record<string, unknown>;

  @Column('uuid', { nullable: true })
  changedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
