import type { GraphQLSchema } from 'graphql';
import { literal, objectTypeOf, type CompiledAbstract, type CompiledRoot } from '../../read-compiler/compiler';
import { Site, type SiteKind } from './site.entity';
import { TYPE_OF_KIND, resolveSiteType } from './site.resolvers';
import { canSeeSite } from '../../common/access';
import { isSiteId, siteListQueries } from './site.service';

/** The SQL twin of Site.__resolveType (resolveSiteType). */
export const compiledSiteType: CompiledAbstract = {
  typeName: (alias: string, schema: GraphQLSchema) =>
    `CASE ${alias}.kind ${(Object.keys(TYPE_OF_KIND) as SiteKind[]).map((k) => `WHEN ${literal(k)} THEN ${literal(resolveSiteType({ kind: k }, { schema }))}`).join(' ')} ELSE 'OtherSite' END`,
};

/**
 * `sites(filter, first, after)`: the same page and count queries as listSites (siteListQueries),
 * with `nodes`, `totalCount` and `__typename` of the connection. `edges` and `pageInfo` (cursors
 * built in JavaScript) are left to graphql-js.
 */
export const compiledSites: CompiledRoot = {
  permission: 'site:read',
  sql(c, args, fieldNodes, type) {
    const connection = objectTypeOf(type) ?? c.decline();
    const q = siteListQueries(c.ctx, args.filter, args as { first?: number; after?: string });
    const parts: string[] = [];
    for (const [key, nodes] of c.subfields(connection, fieldNodes)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        parts.push(`${literal(key)}, ${literal(connection.name)}`);
      } else if (name === 'nodes') {
        const s = c.alias('s');
        const [pageSql, pageParams] = q.page.clone().select('s.id', 'id').limit(q.first).getQueryAndParameters();
        const element = c.element(connection.getFields().nodes.type, nodes, s);
        parts.push(
          `${literal(key)}, coalesce((SELECT json_agg(${element} ORDER BY ${s}.name, ${s}.id) FROM (${c.embed(pageSql, pageParams)}) p JOIN site ${s} ON ${s}.id = p.id), '[]'::json)`,
        );
      } else if (name === 'totalCount') {
        const [countSql, countParams] = q.count().select('count(*)').getQueryAndParameters();
        parts.push(`${literal(key)}, (${c.embed(countSql, countParams)})`);
      } else {
        return null;
      }
    }
    return parts.length ? `json_build_object(${parts.join(', ')})` : null;
  },
};

export const siteEntityForTypes = { Hotel: Site, Venue: Site, DetentionFacility: Site, IsolationSite: Site, OtherSite: Site, Checkpoint: Site, SamplingPoint: Site };

/** `site(id)` as getSite answers it: null for a malformed id, a site outside the caller's scope, or none. */
export const compiledSite: CompiledRoot = {
  permission: 'site:read',
  sql(c, args, fieldNodes, type) {
    const id = args.id as string;
    if (!isSiteId(id) || !canSeeSite(c.actor, id)) return `NULL::json`;
    const s = c.alias('s');
    return `(SELECT ${c.element(type, fieldNodes, s)} FROM site ${s} WHERE ${s}.id = ${c.param(id)}::uuid)`;
  },
};
