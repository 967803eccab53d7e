import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { authorizeSiteUpdate } from '../../common/access';
import { AppError, notFound } from '../../common/errors';
import { inTransaction, updateVersioned } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import { Site, type SiteKind, type SiteStatus } from './site.entity';
import { SITE_MACHINE } from './site.state';
import { create } from '../../common/state-machine';
import { createSiteInput, KIND_FIELDS, parse, rejectOtherKindFields, updateSiteInput } from './site.input';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const asRecord = (raw: unknown): Record<string, unknown> => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});

/** Registers a site once per idempotency key; a retry returns the site the first call made. */
export async function createSite(ctx: Ctx, raw: unknown): Promise<Site> {
  authorize(ctx, 'site:create');
  const rec = asRecord(raw);
  if (typeof rec.kind === 'string' && rec.kind in KIND_FIELDS) rejectOtherKindFields(rec.kind as SiteKind, rec);
  const { idempotencyKey, ...input } = parse(createSiteInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'createSite', idempotencyKey, input, async () => {
      const after = Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));
      const site = await create<SiteStatus, Site>(tx, SITE_MACHINE, 'ACTIVE', input as Partial<Site>, { action: 'site.create', auditFields: after });
      return site.id;
    });
    return tx.em.findOneByOrFail(Site, { id: resultId });
  });
}

/**
 * Changes the given fields if the caller still has the current version. A facility manager
 * may change only MANAGER_EDITABLE fields (access.ts) of its own sites; any other field is FORBIDDEN.
 */
export async function updateSite(ctx: Ctx, raw: unknown): Promise<Site> {
  const { id, version, ...fields } = parse(updateSiteInput, raw);
  const given = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof fields, unknown][];
  authorizeSiteUpdate(ctx, id, given.map(([k]) => k));
  return inTransaction(ctx, async (tx) => {
    const site = await tx.em.findOneBy(Site, { id });
    if (!site) throw notFound('site', id);
    rejectOtherKindFields(site.kind, Object.fromEntries(given));
    const changed = given.filter(([k, v]) => site[k] !== v);
    const next = { ...site, ...Object.fromEntries(changed) } as Site;
    if (next.currentOccupancy != null && next.bedCount != null && next.currentOccupancy > next.bedCount) {
      const field = changed.some(([k]) => k === 'currentOccupancy') ? 'currentOccupancy' : 'bedCount';
      throw new AppError('BAD_USER_INPUT', `currentOccupancy (${next.currentOccupancy}) must not exceed bedCount (${next.bedCount})`, { field: `input.${field}` });
    }
    if (changed.length === 0) {
      // Nothing to write, but a stale version is still the client's signal to reload.
      if (site.version !== version) throw new AppError('CONFLICT', `this site was changed by someone else since version ${version}; reload and try again`, { field: 'input.version', expectedVersion: version });
      return site;
    }
    await updateVersioned(tx, 'site', id, version, Object.fromEntries(changed.map(([k, v]) => [snake(k), v])));
    await recordAudit(tx, {
      action: 'site.update',
      entityType: 'Site',
      entityId: id,
      before: Object.fromEntries(changed.map(([k]) => [k, site[k]])),
      after: Object.fromEntries(changed),
    });
    return tx.em.findOneByOrFail(Site, { id });
  });
}
