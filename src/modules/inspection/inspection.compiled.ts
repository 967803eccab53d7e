import { dateTimeJson, objectTypeOf, type CompiledRelation, type CompiledRoot } from '../../read-compiler/compiler';
import { belongsTo } from '../../read-compiler/relations';
import { settledSql } from '../finding/finding.entity';
import { inspectionsDueQuery } from './inspection-query.service';

/**
 * `inspectionsDue(filter)` — the inspector's *Due today* — in one statement: the service's own
 * query (inspectionsDueQuery: filter, scope, order, limit) with each row's fields as the
 * InspectionDue resolvers give them: the site (sitesById), its open findings
 * (openFindingsBySiteId: not VERIFIED or WITHDRAWN, earliest deadline first) and its planned
 * visit (plannedInspectionBySiteId: SCHEDULED or IN_PROGRESS, earliest due, then lowest id).
 */
export const compiledInspectionsDue: CompiledRoot = {
  permission: 'inspection:read',
  sql(c, args, fieldNodes, type) {
    const due = objectTypeOf(type) ?? c.decline();
    const q = inspectionsDueQuery(c.ctx, args.filter);
    const d = c.alias('d');
    const fields = due.getFields();
    const row = c.computed(due, fieldNodes, (name, nodes) => {
      switch (name) {
        case 'lastInspectedAt':
          return dateTimeJson(`${d}.last_at`);
        case 'lastOutcome':
          return `${d}.last_outcome`;
        case 'dueAt':
          return dateTimeJson(`${d}.due_at`);
        case 'intervalDays':
          return `${d}.interval_days`;
        case 'daysOverdue': {
          // The resolver: max(0, floor((now - dueAt) / day)) in whole milliseconds (dueAt as pg's Date).
          const now = c.param(c.ctx.now());
          return `CASE WHEN ${d}.due_at IS NULL THEN 0 ELSE greatest(0, floor((floor(extract(epoch FROM ${now}::timestamptz) * 1000) - floor(extract(epoch FROM ${d}.due_at) * 1000)) / 86400000))::int END`;
        }
        case 'site': {
          const s = c.alias('s');
          return `(SELECT ${c.element(fields.site.type, nodes, s)} FROM site ${s} WHERE ${s}.id = ${d}.site_id)`;
        }
        case 'openFindings': {
          const f = c.alias('f');
          return `coalesce((SELECT json_agg(${c.element(fields.openFindings.type, nodes, f)} ORDER BY ${f}.deadline, ${f}.id) FROM finding ${f} WHERE ${f}.site_id = ${d}.site_id AND ${settledSql(`${f}.status`, true)}), '[]'::json)`;
        }
        case 'plannedInspection': {
          const i = c.alias('i');
          return `(SELECT ${c.element(fields.plannedInspection.type, nodes, i)} FROM (SELECT * FROM inspection WHERE site_id = ${d}.site_id AND status IN ('SCHEDULED','IN_PROGRESS') ORDER BY due_at ASC NULLS LAST, id ASC LIMIT 1) ${i})`;
        }
        default:
          return null;
      }
    });
    return `coalesce((SELECT json_agg(${row} ORDER BY ${d}.ord) FROM (${c.embed(q.sql, q.params)}) ${d}), '[]'::json)`;
  },
};

/** Inspection.team as teamsById answers it. */
const compiledInspectionTeam = belongsTo('inspection_team', 'team_id');

/** Inspection.checklistVersion as checklistVersionsById answers it. */
const compiledInspectionChecklistVersion = belongsTo('checklist_version', 'checklist_version_id');

/** Finding.inspection as inspectionsById answers it (the finding is already in the actor's reach). */
const compiledFindingInspection = belongsTo('inspection', 'inspection_id');

export const compiledInspectionRelations: Record<string, CompiledRelation> = {
  'Finding.inspection': compiledFindingInspection,
  'Inspection.team': compiledInspectionTeam,
  'Inspection.checklistVersion': compiledInspectionChecklistVersion,
};
