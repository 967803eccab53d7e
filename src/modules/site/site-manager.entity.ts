import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Site } from './site.entity';

/** Binds a facility manager to a site it manages; its scope is exactly these rows. */
@Entity()
@Index('site_manager_account_idx', ['accountId'])
export class SiteManager {
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
