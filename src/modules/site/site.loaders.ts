import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { siteScope } from '../../common/access';
import { byKey, groupByKey, loader } from '../../common/loaders';
import type { Account } from '../account/account.entity';
import { accountsById } from '../account/account.loaders';
import { Site } from './site.entity';
import { SiteManager } from './site-manager.entity';

/**
 * Sites by id, NOT limited to the caller's scope: callers check scope first (authorize with
 * the siteId, or canSeeSite), as other modules do for the site of a record they already may see.
 */
export const sitesById = loader((ctx) => new DataLoader<string, Site | null>(async (ids) => byKey(ids, await ctx.em.find(Site, { where: { id: In([...ids]) } }), (s) => s.id)));

/** The facility managers of each site (two statements per batch, whatever the number of sites). */
export const managersBySiteId = loader(
  (ctx) =>
    new DataLoader<string, Account[]>(async (siteIds) => {
      const links = await ctx.em.find(SiteManager, { where: { siteId: In([...siteIds]) }, order: { createdAt: 'ASC', accountId: 'ASC' } });
      const accounts = (await accountsById(ctx).loadMany([...new Set(links.map((l) => l.accountId))])) as (Account | null | Error)[];
      const byId = new Map<string, Account>();
      for (const a of accounts) if (a && !(a instanceof Error)) byId.set(a.id, a);
      const rows = links.filter((l) => byId.has(l.accountId)).map((l) => ({ siteId: l.siteId, account: byId.get(l.accountId)! }));
      return groupByKey(siteIds, rows, (r) => r.siteId).map((g) => g.map((r) => r.account));
    }),
);

/**
 * The sites each account manages, limited IN SQL to the sites the requesting actor may see
 * (a facility manager looking at a co-manager sees only the sites they share).
 */
export const sitesByManagerId = loader(
  (ctx) =>
    new DataLoader<string, Site[]>(async (accountIds) => {
      const scope = ctx.actor ? siteScope(ctx.actor) : [];
      if (scope !== null && scope.length === 0) return accountIds.map(() => []);
      const qb = ctx.em
        .createQueryBuilder(Site, 's')
        .innerJoin(SiteManager, 'sm', 'sm.site_id = s.id')
        .addSelect('sm.account_id', 'manager_id')
        .where('sm.account_id IN (:...accountIds)', { accountIds: [...accountIds] })
        .orderBy('s.name', 'ASC')
        .addOrderBy('s.id', 'ASC');
      if (scope !== null) qb.andWhere('s.id IN (:...scope)', { scope });
      const { entities, raw } = await qb.getRawAndEntities();
      // One row per (site, manager); entities are deduplicated by id, so map raw rows back.
      const byId = new Map(entities.map((e) => [e.id, e]));
      const rows = (raw as { s_id: string; manager_id: string }[]).map((r) => ({ managerId: r.manager_id, site: byId.get(r.s_id)! }));
      return groupByKey(accountIds, rows, (r) => r.managerId).map((g) => g.map((r) => r.site));
    }),
);
