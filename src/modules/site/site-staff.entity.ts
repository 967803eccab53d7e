import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { SiteBinding } from './site-manager.entity';
import { Account } from '../account/account.entity';

/**
 * Binds a FACILITY_STAFF account to the site it works at, like SiteManager binds a manager: the
 * staff member's scope (`actor.siteIds`) is exactly these rows. Kept apart from site_manager so a
 * site's managers stay its managers. Written by registerSiteStaff, never removed (deactivating the
 * account is how a manager stops a staff member).
 */
@Entity()
@Index('site_staff_account_idx', ['accountId'])
export class SiteStaff extends SiteBinding {
  /** The manager (or admin) who registered the staff member. */
  @Column('uuid')
  registeredById: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'registered_by_id' })
  registeredBy?: Account;
}
