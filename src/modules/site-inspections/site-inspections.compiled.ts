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
    const scope = c.param(siteScope(c.actor));
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, i)} ORDER BY ${i}.created_at DESC, ${i}.id DESC)
      FROM (SELECT * FROM inspection WHERE site_id = ${parent}.id AND (${scope}::uuid[] IS NULL OR site_id = ANY(${scope}::uuid[])) ORDER BY created_at DESC, id DESC LIMIT ${c.param(first)}) ${i}), '[]'::json)`;
  },
};

export const compiledSiteInspectionsByType = Object.fromEntries(SITE_TYPES.map((t) => [`${t}.inspections`, compiledSiteInspections]));
