import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Site } from './site.entity';

/**
 * A row binding an account to a site: the account's scope (`actor.siteIds`) is exactly its rows
 * in the binding tables. Each binding table is an entity extending this one.
 */
export abstract class SiteBinding {
  @PrimaryColumn('uuid')
  siteId: string;

  @PrimaryColumn('uuid')
  accountId: string;

  @ManyToOne(() => Site, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Binds a facility manager to a site it manages. */
@Entity()
@Index('site_manager_account_idx', ['accountId'])
export class SiteManager extends SiteBinding {}
