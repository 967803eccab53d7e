import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Site } from '../site/site.entity';

export const DISINFECTION_AGENTS = ['CHLORINE', 'ALCOHOL', 'PERACETIC_ACID', 'QUATERNARY_AMMONIUM', 'UV', 'OTHER'] as const;
export type DisinfectionAgent = (typeof DISINFECTION_AGENTS)[number];
export const CONCENTRATION_UNITS = ['MG_PER_L', 'PPM', 'PERCENT', 'MW_PER_CM2', 'NONE'] as const;
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[number];
export const DISINFECTION_METHODS = ['SPRAY', 'WIPE', 'SOAK', 'FUMIGATION', 'UV'] as const;
export type DisinfectionMethod = (typeof DISINFECTION_METHODS)[number];

/** A plausibility warning stored with the entry (the entry is still a record of what happened). */
export interface DisinfectionWarning {
  code: string;
  message: string;
}

/**
 * One disinfection of one area of a site (消毒记录). Append-only: a trigger rejects UPDATE and
 * DELETE. A correction is a new row whose `correctsId` points at the row it replaces; the unique
 * index on `corrects_id` keeps the corrections of an entry a single chain.
 */
@Entity()
@Check('disinfection_entry_agent_check', `agent IN ('CHLORINE','ALCOHOL','PERACETIC_ACID','QUATERNARY_AMMONIUM','UV','OTHER')`)
@Check('disinfection_entry_unit_check', `concentration_unit IN ('MG_PER_L','PPM','PERCENT','MW_PER_CM2','NONE')`)
@Check('disinfection_entry_method_check', `method IN ('SPRAY','WIPE','SOAK','FUMIGATION','UV')`)
@Check('disinfection_entry_area_check', `area ~ '^[A-Z][A-Z0-9_]{1,31}$'`)
@Check('disinfection_entry_concentration_check', `(concentration IS NULL) = (concentration_unit = 'NONE') AND (concentration IS NULL OR concentration >= 0)`)
@Check('disinfection_entry_duration_check', `duration_minutes >= 0 AND duration_minutes <= 10080`)
@Check('disinfection_entry_correction_check', `(corrects_id IS NULL) = (correction_reason IS NULL) AND (corrects_id IS NULL OR corrects_id <> id)`)
@Index('disinfection_entry_site_area_started_idx', ['siteId', 'area', 'startedAt', 'recordedAt', 'id'])
@Index('disinfection_entry_site_started_idx', ['siteId', 'startedAt', 'id'])
@Index('disinfection_entry_corrects_uq', ['correctsId'], { unique: true, where: 'corrects_id IS NOT NULL' })
// A report's late entries in its cutoff's hour, counted index only (migration ReportDisinfectionRecordedStarted).
@Index('report_disinfection_entry_recorded_started_idx', ['recordedAt', 'startedAt'])
// The late entries' partial covering index (migration ReportAsOfEntries: INCLUDE, which TypeORM
// cannot express); synchronize: false keeps the schema builder from dropping it.
@Index('report_disinfection_entry_late_idx', { synchronize: false })
export class DisinfectionEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  /** An area code: LOBBY, GUEST_ROOMS, CELLS, ISOLATION_ROOMS, … */
  @Column('varchar', { length: 32 })
  area: string;

  @Column('varchar', { length: 32 })
  agent: DisinfectionAgent;

  @Column('double precision', { nullable: true })
  concentration: number | null;

  @Column('varchar', { length: 16 })
  concentrationUnit: ConcentrationUnit;

  @Column('varchar', { length: 16 })
  method: DisinfectionMethod;

  @Column('timestamptz')
  startedAt: Date;

  @Column('integer')
  durationMinutes: number;

  /** Free text: who did the work (staff are not accounts). */
  @Column('text')
  operatorName: string;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('jsonb', { default: [] })
  warnings: DisinfectionWarning[];

  @Column('uuid')
  recordedBy: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: Account;

  @Column('timestamptz')
  recordedAt: Date;

  /**
   * The neighbours of its area when it was written (migration DisinfectionEntryNeighbours: kept by
   * a trigger, read only by the report; NULL when not known): the last effective start before it,
   * and the first at or after it.
   */
  @Column('timestamptz', { nullable: true, select: false })
  prevStartedAt?: Date | null;

  @Column('timestamptz', { nullable: true, select: false })
  nextStartedAt?: Date | null;

  @Column('uuid', { nullable: true })
  correctsId: string | null;

  @ManyToOne(() => DisinfectionEntry, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'corrects_id' })
  corrects?: DisinfectionEntry;

  @Column('text', { nullable: true })
  correctionReason: string | null;
}
