import { z } from 'zod';
import { parse, uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { mayManageStaff } from '../../common/access';
import { AppError } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { Account } from './account.entity';
import { hashPassword } from './auth.service';

/*
 * Facility staff (FACILITY_STAFF): people a facility manager registers for its site so they can
 * keep the disinfection log themselves. A staff account is bound to that site (site_staff) and
 * sees nothing else; the manager lists its site's staff and switches them off or on again.
 */

const registerInput = z.object({
  siteId: uuid,
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{3,64}$/, 'use 3 to 64 letters, digits, _ . or -'),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024),
});

const siteIdOf = (raw: unknown) => String((raw as { siteId?: unknown } | null)?.siteId ?? '');

/** NOT_FOUND unless the site exists (the actor's scope was checked by authorize). */
async function assertSite(ctx: Ctx, siteId: string): Promise<void> {
  const [row] = await ctx.em.query(`SELECT 1 FROM site WHERE id = $1`, [siteId]);
  if (!row) throw new AppError('NOT_FOUND', 'site not found');
}

/** registerSiteStaff: a new FACILITY_STAFF account bound to the site (its manager, or ADMIN). */
export async function registerSiteStaff(ctx: Ctx, raw: unknown): Promise<Account> {
  authorize(ctx, 'site:manage-staff', { siteId: siteIdOf(raw) }); // another site: NOT_FOUND before anything else
  const input = parse(registerInput, raw);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    await assertSite(tx, input.siteId);
    if (await tx.em.findOneBy(Account, { username: input.username })) throw new AppError('CONFLICT', `username ${input.username} is taken`, { field: 'input.username' });
    const account = await tx.em.save(tx.em.create(Account, { username: input.username, displayName: input.displayName, role: 'FACILITY_STAFF', agencyId: null, passwordHash }));
    await tx.em.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [input.siteId, account.id, tx.actor!.id]);
    await recordAudit(tx, {
      action: 'site.register-staff',
      entityType: 'Account',
      entityId: account.id,
      after: { username: account.username, displayName: account.displayName, role: account.role, siteId: input.siteId },
    });
    return account;
  });
}

const staffInput = z.object({ accountId: uuid });

/**
 * Switches a staff member off (active = false: it cannot sign in and its tokens stop working)
 * or on again. A manager may do so only for staff of a site it manages; any other account is
 * NOT_FOUND. Setting the state it already has changes nothing and writes no audit event.
 */
async function setStaffActive(ctx: Ctx, raw: unknown, active: boolean): Promise<Account> {
  const actor = authorize(ctx, 'site:manage-staff');
  const input = parse(staffInput, raw);
  return inTransaction(ctx, async (tx) => {
    const before = await tx.em.findOne(Account, { where: { id: input.accountId, role: 'FACILITY_STAFF' }, lock: { mode: 'pessimistic_write' } });
    const sites: { site_id: string }[] = before ? await tx.em.query(`SELECT site_id::text FROM site_staff WHERE account_id = $1`, [before.id]) : [];
    if (!before || !mayManageStaff(actor, sites.map((s) => s.site_id))) throw new AppError('NOT_FOUND', 'staff member not found');
    if (before.active === active) return before;
    await tx.em.update(Account, { id: before.id }, { active });
    await recordAudit(tx, { action: active ? 'site.reactivate-staff' : 'site.deactivate-staff', entityType: 'Account', entityId: before.id, before: { active: before.active }, after: { active } });
    return tx.em.findOneByOrFail(Account, { id: before.id });
  });
}

export const deactivateSiteStaff = (ctx: Ctx, raw: unknown) => setStaffActive(ctx, raw, false);
export const reactivateSiteStaff = (ctx: Ctx, raw: unknown) => setStaffActive(ctx, raw, true);

/** siteStaff: the staff registered for a site, active or not, by username. */
export async function listSiteStaff(ctx: Ctx, siteId: string): Promise<Account[]> {
  authorize(ctx, 'site:read-staff', { siteId });
  if (!uuid.safeParse(siteId).success) throw new AppError('NOT_FOUND', 'site not found');
  await assertSite(ctx, siteId);
  return ctx.em
    .createQueryBuilder(Account, 'a')
    .innerJoin('site_staff', 'ss', 'ss.account_id = a.id')
    .where('ss.site_id = :siteId', { siteId })
    .orderBy('a.username', 'ASC')
    .getMany();
}
