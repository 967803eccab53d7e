import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Agency } from './agency.entity';
import type { Role } from '../../context';

/** A person who signs in. The password is stored only as an argon2id hash. */
@Entity()
@Check('account_role_check', `role IN ('ADMIN','COMMAND','INSPECTOR','FACILITY_MANAGER','FACILITY_STAFF','REVIEWER')`)
@Check('account_username_check', `username ~ '^[a-z0-9_.-]{3,64}$'`)
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 64, unique: true })
  username: string;

  @Column('text')
  displayName: string;

  @Column('text')
  passwordHash: string;

  @Column('varchar', { length: 32 })
  role: Role;

  @Column('uuid', { nullable: true })
  agencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: Agency;

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
