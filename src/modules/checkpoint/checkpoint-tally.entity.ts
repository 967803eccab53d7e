import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Site } from '../site/site.entity';
import { Account } from '../account/account.entity';

export const SHIFTS = ['DAY', 'NIGHT'] as const;
export type Shift = (typeof SHIFTS)[number];

/** One officer on duty during a shift: an account or just a name, and whether a leader. */
export interface OfficerOnDuty {
  accountId: string | null;
  name: string | null;
  isLeader: boolean;
}

/**
 * What one checkpoint shift counted (卡口登记). Rows are never changed: a correction is a new row
 * pointing at the one it corrects, which is then marked superseded. The partial unique index
 * keeps exactly one effective tally per checkpoint, date and shift.
 */
@Entity()
@Check('checkpoint_tally_shift_check', `shift IN ('DAY','NIGHT')`)
@Check(
  'checkpoint_tally_counts_check',
  `vehicles_checked >= 0 AND persons_screened >= 0 AND vehicles_turned_back >= 0 AND persons_turned_back >= 0 AND certificates_verified >= 0 AND samples_taken >= 0`,
)
@Check('checkpoint_tally_turned_back_check', `vehicles_turned_back <= vehicles_checked AND persons_turned_back <= persons_screened`)
@Check('checkpoint_tally_correction_check', `(corrects_id IS NULL) = (correction_reason IS NULL)`)
@Index('checkpoint_tally_effective_uq', ['checkpointId', 'shiftDate', 'shift'], { unique: true, where: 'superseded_at IS NULL' })
@Index('checkpoint_tally_corrects_uq', ['correctsId'], { unique: true, where: 'corrects_id IS NOT NULL' })
@Index('checkpoint_tally_date_idx', ['shiftDate', 'checkpointId'])
export class CheckpointTally {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  checkpointId: string;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checkpoint_id' })
  checkpoint?: Site;

  /** The calendar day the shift started on (local date, YYYY-MM-DD). */
  @Column('date')
  shiftDate: string;

  @Column('varchar', { length: 16 })
  shift: Shift;

  @Column('integer')
  vehiclesChecked: number;

  @Column('integer')
  personsScreened: number;

  @Column('integer')
  vehiclesTurnedBack: number;

  @Column('integer')
  personsTurnedBack: number;

  @Column('integer')
  certificatesVerified: number;

  @Column('integer')
  samplesTaken: number;

  @Column('jsonb', { default: [] })
  officersOnDuty: OfficerOnDuty[];

  @Column('integer')
  leadersOnDuty: number;

  @Column('text', { nullable: true })
  notes: string | null;

  /** Problems the command centre should see (fewer than two leaders on duty); the tally still stands. */
  @Column('jsonb', { default: [] })
  warnings: string[];

  @Column('uuid', { nullable: true })
  correctsId: string | null;

  @ManyToOne(() => CheckpointTally, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'corrects_id' })
  corrects?: CheckpointTally;

  @Column('text', { nullable: true })
  correctionReason: string | null;

  /** Set when a later correction replaced this tally; reads then show the correction. */
  @Column('timestamptz', { nullable: true })
  supersededAt: Date | null;

  @Column('uuid')
  filedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'filed_by_id' })
  filedBy?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
