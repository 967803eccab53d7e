import { siteScope } from '../../common/access';
import type { CompiledRelation } from '../../read-compiler/compiler';
import { MAX_SITE_INSPECTIONS } from './site-inspections.resolvers';
import { SITE_TYPES } from './site-inspections.graphql';

/**
 * Site.inspections(first) as recentInspectionsBySite answers it: the newest `first` of the site,
 * scope applied again in SQL; an argument the resolver would reject declines (graphql-js then
 * reports the error).
 */
export const compiledSiteInspections: CompiledRelation = {
  permission: 'inspection:read',
  sql(c, args, parent, fieldNodes, type) {
    const first = (args.first as number | null | undefined) ?? 10;
    if (!Number.isInteger(first) || first < 0 || first > MAX_SITE_INSPECTIONS) return null;
    if (first === 0) return `'[]'::json`;
    const i = c.alias('i');
    // No scope (command, reviewer, admin): no condition at all. With `$n IS NULL OR …` the
    // prepared statement's generic plan read every inspection of the site and sorted them
    // instead of walking the index backwards to the first `first` (EXPLAIN in BENCHMARKS.md).
    const scope = siteScope(c.actor);
    const inScope = scope === null ? '' : ` AND site_id = ANY(${c.param(scope)}::uuid[])`;
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, i)} ORDER BY ${i}.created_at DESC, ${i}.id DESC)
      FROM (SELECT * FROM inspection WHERE site_id = ${parent}.id${inScope} ORDER BY created_at DESC, id DESC LIMIT ${c.param(first)}) ${i}), '[]'::json)`;
  },
};

export const compiledSiteInspectionsByType = Object.fromEntries(SITE_TYPES.map((t) => [`${t}.inspections`, compiledSiteInspections]));
