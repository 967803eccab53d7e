import type { GraphQLResolveInfo } from 'graphql';
import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { authorize } from '../../common/authorize';
import { AppError } from '../../common/errors';
import type { Site } from '../site/site.entity';
import { SITE_TYPES } from './site-inspections.graphql';
import { recentInspectionsBySite } from './site-inspections.loaders';
import { columnsForSelection } from './inspection-columns';

export const MAX_SITE_INSPECTIONS = 100;

/** The newest inspections of a site the caller already sees; scope is applied again in SQL. */
function inspectionsOfSite(s: Site, a: { first?: number | null }, ctx: Ctx, info: GraphQLResolveInfo) {
  authorize(ctx, 'inspection:read');
  const first = a.first ?? 10;
  if (!Number.isInteger(first) || first < 0 || first > MAX_SITE_INSPECTIONS) {
    throw new AppError('BAD_USER_INPUT', `first must be between 0 and ${MAX_SITE_INSPECTIONS}`, { field: 'first' });
  }
  if (first === 0) return [];
  const columns = columnsForSelection(info);
  return recentInspectionsBySite(ctx).load(`${first}|${columns?.join(',') ?? '*'}|${s.id}`);
}

/** One resolver map per site type (the keys are SITE_TYPES, which `Object.fromEntries` cannot see). */
type SiteInspectionsResolvers = Record<(typeof SITE_TYPES)[number], { inspections: typeof inspectionsOfSite }>;

export const siteInspectionsResolvers = Object.fromEntries(SITE_TYPES.map((t) => [t, { inspections: inspectionsOfSite }])) as SiteInspectionsResolvers satisfies Resolvers;
