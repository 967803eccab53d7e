import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError, notFound } from '../../common/errors';
import { transition } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { Account } from '../account/account.entity';
import { Site, type SiteStatus } from './site.entity';
import { SiteManager } from './site-manager.entity';
import { SITE_MACHINE } from './site.state';
import { closeSiteInput, parse, reopenSiteInput, siteManagerInput } from './site.input';

/** Moves a site's status through the transition table, with the version the client saw. */
async function move(ctx: Ctx, id: string, version: number, to: SiteStatus, closedReason: string | null): Promise<Site> {
  authorize(ctx, 'site:read', { siteId: id }); // out of scope: NOT_FOUND before anything else
  return inTransaction(ctx, async (tx) => {
    const site = await tx.em.findOneBy(Site, { id });
    if (!site) throw notFound('site', id);
    await transition(tx, SITE_MACHINE, site, { to, changes: { closedReason }, action: to === 'CLOSED' ? 'site.close' : 'site.reopen' }, { scope: { siteId: id }, version });
    return tx.em.findOneByOrFail(Site, { id });
  });
}

export async function closeSite(ctx: Ctx, raw: unknown): Promise<Site> {
  const input = parse(closeSiteInput, raw);
  return move(ctx, input.id, input.version, 'CLOSED', input.reason);
}

export async function reopenSite(ctx: Ctx, raw: unknown): Promise<Site> {
  const input = parse(reopenSiteInput, raw);
  return move(ctx, input.id, input.version, 'ACTIVE', null);
}

/** Binds (bind = true) or unbinds a facility manager; the audit event lists the managers before and after. */
async function setManager(ctx: Ctx, raw: unknown, bind: boolean): Promise<Site> {
  authorize(ctx, 'site:manage-managers');
  const input = parse(siteManagerInput, raw);
  return inTransaction(ctx, async (tx) => {
    // Locking the site serialises changes to its manager list, so before/after are exact.
    const site = await tx.em.findOne(Site, { where: { id: input.siteId }, lock: { mode: 'pessimistic_write' } });
    if (!site) throw notFound('site', input.siteId);
    const account = await tx.em.findOneBy(Account, { id: input.accountId });
    if (!account) throw new AppError('BAD_USER_INPUT', `no account ${input.accountId}`, { field: 'input.accountId' });
    if (account.role !== 'FACILITY_MANAGER') {
      throw new AppError('BAD_USER_INPUT', `${account.username} is ${account.role}; only a FACILITY_MANAGER manages sites`, { field: 'input.accountId' });
    }
    const before = (await tx.em.find(SiteManager, { where: { siteId: site.id }, order: { accountId: 'ASC' } })).map((m) => m.accountId);
    const bound = before.includes(account.id);
    if (bind && bound) throw new AppError('CONFLICT', `${account.username} already manages this site`, { field: 'input.accountId' });
    if (!bind && !bound) throw new AppError('NOT_FOUND', `${account.username} does not manage this site`);
    if (bind) await tx.em.insert(SiteManager, { siteId: site.id, accountId: account.id });
    else await tx.em.delete(SiteManager, { siteId: site.id, accountId: account.id });
    const after = bind ? [...before, account.id].sort() : before.filter((a) => a !== account.id);
    await recordAudit(tx, { action: bind ? 'site.bind-manager' : 'site.unbind-manager', entityType: 'Site', entityId: site.id, before: { managerIds: before }, after: { managerIds: after } });
    return site;
  });
}

export const bindSiteManager = (ctx: Ctx, raw: unknown) => setManager(ctx, raw, true);
export const unbindSiteManager = (ctx: Ctx, raw: unknown) => setManager(ctx, raw, false);
