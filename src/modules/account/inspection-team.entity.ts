import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Account } from './account.entity';

export const TEAM_KINDS = ['INSPECTION', 'COMMANDO'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

/**
 * A team: a joint inspection team (联合检查组, INSPECTION) with members from one or more agencies,
 * or a commando team (党员突击队, COMMANDO) formed at a checkpoint; one leader each.
 */
@Entity()
@Check('inspection_team_kind_check', `kind IN ('INSPECTION','COMMANDO')`)
export class InspectionTeam {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  name: string;

  @Column('varchar', { length: 16, default: 'INSPECTION' })
  kind: TeamKind;

  @Column('uuid')
  leaderId: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leader_id' })
  leader?: Account;

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Membership of an account in a team. The leader is always a member too. */
@Entity()
@Index('team_member_account_idx', ['accountId'])
export class TeamMember {
  @PrimaryColumn('uuid')
  teamId: string;

  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => InspectionTeam, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: InspectionTeam;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}
