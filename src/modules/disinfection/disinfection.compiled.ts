import { uuid } from '../../common/validation';
import { disinfectionReadSql } from '../../common/access';
import { dateTimeJson, literal, objectTypeOf, type Compilation, type CompiledRelation, type CompiledRoot } from '../../read-compiler/compiler';
import { belongsTo } from '../../read-compiler/relations';
import { compiledEvidence } from '../attachment/attachment.compiled';
import { areaStatusSql } from './disinfection-compliance.service';
import { disinfectionLogQuery, effectiveSql, parseLogArgs } from './disinfection.read';

/**
 * The read rule of a site's disinfection records (authorizeDisinfectionRead), compiled
 * (disinfectionReadSql): the role and the site scope are checked here (a refusal declines, and
 * graphql-js gives the error); the inspector rule and the site's existence (assertSiteExists)
 * become guards of the statement.
 */
function readableSite(c: Compilation, siteId: unknown): void {
  if (!uuid.safeParse(siteId).success) c.decline();
  // The rule's own placeholders follow the site's ($1), and the whole is renumbered into the statement.
  const rule = disinfectionReadSql(c.ctx, siteId as string, '$1::uuid', 2);
  c.guard(c.embed(`EXISTS (SELECT 1 FROM site WHERE id = $1::uuid) AND ${rule.sql}`, [siteId, ...rule.params]));
}

/** `disinfectionAreas(siteId)`: each required area's last and next disinfection, as the service's own statement (areaStatusSql) gives them. */
export const compiledDisinfectionAreas: CompiledRoot = {
  permission: 'disinfection:read',
  sql(c, args, fieldNodes, type) {
    const status = objectTypeOf(type) ?? c.decline();
    readableSite(c, args.siteId);
    const site = c.param(args.siteId);
    const now = c.param(c.ctx.now());
    const a = c.alias('a');
    const row = c.computed(status, fieldNodes, (name) => {
      switch (name) {
        case 'area':
          return `${a}.area`;
        case 'maxIntervalHours':
          return `${a}."maxIntervalHours"`;
        case 'lastDisinfectedAt':
          return dateTimeJson(`${a}."lastDisinfectedAt"`);
        case 'nextDueAt':
          return dateTimeJson(`${a}."nextDueAt"`);
        case 'overdue':
          return `${a}.overdue`;
        default:
          return null;
      }
    });
    return `coalesce((SELECT json_agg(${row} ORDER BY ${a}.area) FROM (${areaStatusSql(`${site}::uuid`, now)}) ${a}), '[]'::json)`;
  },
};

/**
 * `disinfectionLog(siteId, from, to, includeSuperseded, first, after)`: `nodes`, `totalCount` and
 * `__typename` of the connection, from the service's own conditions (disinfectionLogQuery).
 */
export const compiledDisinfectionLog: CompiledRoot = {
  permission: 'disinfection:read',
  sql(c, args, fieldNodes, type) {
    const connection = objectTypeOf(type) ?? c.decline();
    readableSite(c, args.siteId);
    const raw = args as { siteId: string; from?: Date | null; to?: Date | null; includeSuperseded?: boolean | null; first?: number | null; after?: string | null };
    const q = disinfectionLogQuery(parseLogArgs(raw), raw);
    const parts: string[] = [];
    for (const [key, nodes] of c.subfields(connection, fieldNodes)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        parts.push(`${literal(key)}, ${literal(connection.name)}`);
      } else if (name === 'nodes') {
        const e = c.alias('e');
        const page = c.embed(`SELECT e.* FROM disinfection_entry e WHERE ${q.pageWhere} ORDER BY e.started_at, e.id LIMIT ${q.first}`, q.params);
        parts.push(`${literal(key)}, coalesce((SELECT json_agg(${c.element(connection.getFields().nodes.type, nodes, e)} ORDER BY ${e}.started_at, ${e}.id) FROM (${page}) ${e}), '[]'::json)`);
      } else if (name === 'totalCount') {
        parts.push(`${literal(key)}, (${c.embed(`SELECT count(*)::int FROM disinfection_entry e WHERE ${q.filter}`, q.params.slice(0, 3))})`);
      } else {
        return null;
      }
    }
    return parts.length ? `json_build_object(${parts.join(', ')})` : null;
  },
};

/** DisinfectionEntry.effective: no correction replaces it (the resolver: no supersededById). */
const compiledEffective: CompiledRelation = { sql: (_c, _args, e) => `(${effectiveSql(e)})` };

/** DisinfectionEntry.recordedBy as accountsById answers it. */
const compiledRecordedBy = belongsTo('account', 'recorded_by');

/** DisinfectionEntry.corrects as disinfectionEntriesById answers it. */
const compiledCorrects = belongsTo('disinfection_entry', 'corrects_id');

/** DisinfectionEntry.site as sitesById answers it. */
const compiledEntrySite = belongsTo('site', 'site_id');

export const compiledDisinfectionRelations: Record<string, CompiledRelation> = {
  'DisinfectionEntry.effective': compiledEffective,
  'DisinfectionEntry.recordedBy': compiledRecordedBy,
  'DisinfectionEntry.corrects': compiledCorrects,
  'DisinfectionEntry.site': compiledEntrySite,
  'DisinfectionEntry.evidence': compiledEvidence('DisinfectionEntry'),
};
