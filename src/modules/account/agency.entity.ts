import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AGENCY_KINDS = ['POLICE', 'MARKET_REGULATION', 'HEALTH', 'TRANSPORT', 'TOWNSHIP', 'OTHER'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** A public body that sends members to joint inspection teams (公安, 市场监管, 卫健, 交通, 镇). */
@Entity()
@Check('agency_kind_check', `kind IN ('POLICE','MARKET_REGULATION','HEALTH','TRANSPORT','TOWNSHIP','OTHER')`)
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 32, unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('varchar', { length: 32 })
  kind: AgencyKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
