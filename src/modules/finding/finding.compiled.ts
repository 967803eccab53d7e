import { literal, objectTypeOf, type CompiledRelation, type CompiledRoot } from '../../read-compiler/compiler';
import { belongsTo } from '../../read-compiler/relations';
import { deadlinePausedSql } from './deadline-pause';
import { settledSql } from './finding.entity';
import { findingOrder } from './finding.loaders';
import { findingListQueries } from './finding.service';
import { countOverdueSql } from './finding-tally';

/** Inspection.findings as findingsByInspectionId answers it: every finding, in `findingOrder`. */
export const compiledInspectionFindings: CompiledRelation = {
  sql(c, _args, parent, fieldNodes, type) {
    const f = c.alias('f');
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, f)} ORDER BY ${findingOrder(f)}) FROM finding ${f} WHERE ${f}.inspection_id = ${parent}.id), '[]'::json)`;
  },
};

/**
 * `findings(filter, first, after)`: the same page and total as listFindings (findingListQueries),
 * with `nodes`, `totalCount` and `__typename` of the connection; the total from the deadline
 * tally where listFindings counts it there. `edges` and `pageInfo` (cursors built in JavaScript)
 * are left to graphql-js.
 */
export const compiledFindings: CompiledRoot = {
  permission: 'finding:read',
  sql(c, args, fieldNodes, type) {
    const connection = objectTypeOf(type) ?? c.decline();
    const q = findingListQueries(c.ctx, args as { filter?: unknown; first?: number; after?: string });
    const parts: string[] = [];
    for (const [key, nodes] of c.subfields(connection, fieldNodes)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        parts.push(`${literal(key)}, ${literal(connection.name)}`);
      } else if (name === 'nodes') {
        const f = c.alias('f');
        const [pageSql, pageParams] = q.page.clone().select('f.id', 'id').limit(q.first).getQueryAndParameters();
        const element = c.element(connection.getFields().nodes.type, nodes, f);
        parts.push(`${literal(key)}, coalesce((SELECT json_agg(${element} ORDER BY ${f}.deadline, ${f}.id) FROM (${c.embed(pageSql, pageParams)}) p JOIN finding ${f} ON ${f}.id = p.id), '[]'::json)`);
      } else if (name === 'totalCount') {
        if (q.tallied === undefined) {
          const [countSql, countParams] = q.count.getQueryAndParameters();
          parts.push(`${literal(key)}, (SELECT n FROM (${c.embed(countSql, countParams)}) t)`);
        } else {
          const tally = countOverdueSql(q.now, q.tallied);
          parts.push(`${literal(key)}, (${c.embed(tally.sql, tally.params)})`);
        }
      } else {
        return null;
      }
    }
    return parts.length ? `json_build_object(${parts.join(', ')})` : null;
  },
};

/** Finding.overdue as the resolver computes it (isOverdue, not paused), at the request's now. */
const compiledOverdue: CompiledRelation = {
  sql: (c, _args, f) => `(${f}.deadline < ${c.param(c.ctx.now())}::timestamptz AND ${settledSql(`${f}.status`, true)} AND NOT ${deadlinePausedSql(f)})`,
};

/** Finding.escalated as the resolver computes it: CRITICAL and overdue (isOverdue: pauses aside). */
const compiledEscalated: CompiledRelation = {
  sql: (c, _args, f) => `(${f}.severity = 'CRITICAL' AND ${f}.deadline < ${c.param(c.ctx.now())}::timestamptz AND ${settledSql(`${f}.status`, true)})`,
};

/** Finding.site as sitesById answers it (the finding is already in the actor's reach). */
const compiledFindingSite = belongsTo('site', 'site_id');

/** Finding.rectifications as rectificationsByFindingId answers them: oldest submission first. */
const compiledRectifications: CompiledRelation = {
  sql(c, _args, f, fieldNodes, type) {
    const r = c.alias('r');
    return `coalesce((SELECT json_agg(${c.element(type, fieldNodes, r)} ORDER BY ${r}.submitted_at, ${r}.created_at, ${r}.id) FROM rectification ${r} WHERE ${r}.finding_id = ${f}.id), '[]'::json)`;
  },
};

export const compiledFindingRelations: Record<string, CompiledRelation> = {
  'Inspection.findings': compiledInspectionFindings,
  'Finding.overdue': compiledOverdue,
  'Finding.escalated': compiledEscalated,
  'Finding.site': compiledFindingSite,
  'Finding.rectifications': compiledRectifications,
};
