import type { SelectQueryBuilder } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { canSeeSite, siteScope } from '../../common/access';
import { AppError } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type PageArgs } from '../../common/pagination';
import { Site } from './site.entity';
import { sitesById } from './site.loaders';
import { parse, siteFilter, type SiteFilter } from './site.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSiteId = (id: string) => UUID.test(id);

/**
 * One site, or null when it does not exist or lies outside the caller's scope: a facility
 * manager cannot tell another manager's site from a missing one.
 */
export async function getSite(ctx: Ctx, id: string): Promise<Site | null> {
  const actor = authorize(ctx, 'site:read');
  if (!UUID.test(id) || !canSeeSite(actor, id)) return null;
  return sitesById(ctx).load(id);
}

/** Escapes LIKE's wildcards so a search for "100%" means the text "100%". */
const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter and the caller's scope, both as SQL. */
function filtered(ctx: Ctx, f: SiteFilter): SelectQueryBuilder<Site> {
  const scope = siteScope(ctx.actor!);
  const qb = ctx.em.createQueryBuilder(Site, 's');
  if (scope !== null) {
    if (scope.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('s.id IN (:...scope)', { scope });
  }
  if (f.kinds?.length) qb.andWhere('s.kind IN (:...kinds)', { kinds: f.kinds });
  if (f.districts?.length) qb.andWhere('s.district IN (:...districts)', { districts: f.districts });
  if (f.riskLevels?.length) qb.andWhere('s.risk_level IN (:...riskLevels)', { riskLevels: f.riskLevels });
  if (f.status) qb.andWhere('s.status = :status', { status: f.status });
  if (f.search) qb.andWhere('(s.name ILIKE :search OR s.address ILIKE :search)', { search: likePattern(f.search) });
  return qb;
}

/**
 * The page and count queries of `sites`, arguments checked (AppError on bad ones). Shared by
 * listSites and the read compiler (site.compiled.ts), so both answer the same rows.
 */
export function siteListQueries(ctx: Ctx, rawFilter: unknown, args: PageArgs) {
  authorize(ctx, 'site:read');
  const f = parse(siteFilter, rawFilter, 'filter') ?? {};
  const first = pageSize(args);
  const after = decodeCursor(args.after, 2);
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string' || !UUID.test(after[1]))) {
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
  }
  const page = filtered(ctx, f);
  if (after) page.andWhere('(s.name, s.id) > (:afterName, :afterId)', { afterName: after[0], afterId: after[1] });
  page.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC');
  return { page, first, afterGiven: !!after, count: () => filtered(ctx, f) };
}

/** Sites the caller may see, by name then id (a stable keyset order), with a lazy total. */
export async function listSites(ctx: Ctx, rawFilter: unknown, args: PageArgs) {
  const q = siteListQueries(ctx, rawFilter, args);
  const rows = await q.page.limit(q.first + 1).getMany();
  for (const r of rows) sitesById(ctx).prime(r.id, r);
  return toConnection(rows, q.first, (s) => [s.name, s.id], () => q.count().getCount(), q.afterGiven);
}
