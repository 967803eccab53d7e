import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../account/account.entity';

export const OPERATION_KINDS = ['POLICE_DEPLOYMENT', 'WARNING_PUSH'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/**
 * A field operation the command centre reports that is not a visit to a site: police deployed
 * (出动警力, in person-times) for patrols and guard duty, or warnings pushed to the public (推送预警
 * 提示, messages and the people they reached). Recorded once; there is no mutation that changes
 * one.
 */
@Entity()
@Check('field_operation_kind_check', `kind IN ('POLICE_DEPLOYMENT','WARNING_PUSH')`)
@Check(
  'field_operation_figures_check',
  `(kind = 'POLICE_DEPLOYMENT' AND officers_deployed > 0 AND messages_pushed IS NULL AND people_reached IS NULL) OR (kind = 'WARNING_PUSH' AND officers_deployed IS NULL AND messages_pushed > 0 AND people_reached >= 0)`,
)
@Index('field_operation_occurred_idx', ['occurredAt'])
export class FieldOperation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 24 })
  kind: OperationKind;

  /** When it took place (a deployment's start, a push's sending). */
  @Column('timestamptz')
  occurredAt: Date;

  /** The district it served; null: county-wide. */
  @Column('text', { nullable: true })
  district: string | null;

  @Column('text')
  description: string;

  /** POLICE_DEPLOYMENT: officers deployed, in person-times (人次). */
  @Column('integer', { nullable: true })
  officersDeployed: number | null;

  /** WARNING_PUSH: messages pushed (条). */
  @Column('integer', { nullable: true })
  messagesPushed: number | null;

  /** WARNING_PUSH: people reached (受宣群众, 人). */
  @Column('integer', { nullable: true })
  peopleReached: number | null;

  @Column('uuid')
  recordedById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Account;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
