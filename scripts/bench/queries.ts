import { findingOrder } from '../../src/modules/finding/finding.loaders';

/** The GraphQL documents the bench sends, and the floor's hand-written SQL for the reads. */

export const NESTED_READ = `{ sites(first: 50) { nodes { id name inspections(first: 10) { id outcome findings { id severity status } } } } }`;
export const NESTED_READ_DISPUTES = `{ sites(first: 50) { nodes { id name inspections(first: 10) { id outcome findings { id severity status disputes { id status outcome } } } } } }`;

export const OVERDUE = `{ findings(filter: { overdue: true }, first: 50) { totalCount nodes { id severity deadline status site { id name } } } }`;

export const REPORT = `query($from: DateTime!, $to: DateTime!, $district: String) { report(period: { from: $from, to: $to }, district: $district) {
  cutoff inspections { total sitesInspected byKind { siteKind total pass passWithFindings fail } } findings { total bySeverityStatus { severity status count } }
  rectification { due rectified rate } overdue { count escalated } disputes { lodged resolved medianHoursToResolve }
  disinfection { siteKind sites complianceRate } checkpoint { tallies vehiclesChecked } verification { received answered } summaryZh } }`;

export const FILE_INSPECTION = `mutation($input: FileInspectionInput!) { fileInspection(input: $input) { id status outcome score findings { id severity deadline } } }`;


/**
 * One statement answering NESTED_READ (or, with disputes, NESTED_READ_DISPUTES) in the hub's
 * orders: sites by name then id, inspections newest first, findings in findingOrder, disputes by lodgedAt
 * then id. PostgreSQL builds the JSON; Node only forwards the text.
 */
export function floorSql(withDisputes: boolean): string {
  const disputes = withDisputes
    ? `, 'disputes', coalesce((SELECT json_agg(json_build_object('id', d.id, 'status', d.status, 'outcome', d.outcome) ORDER BY d.lodged_at, d.id) FROM dispute d WHERE d.finding_id = f.id), '[]'::json)`
    : '';
  return `SELECT json_build_object('data', json_build_object('sites', json_build_object('nodes', coalesce((
      SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'inspections', coalesce((
          SELECT json_agg(json_build_object('id', i.id, 'outcome', i.outcome, 'findings', coalesce((
              SELECT json_agg(json_build_object('id', f.id, 'severity', f.severity, 'status', f.status${disputes}) ORDER BY ${findingOrder('f')})
                FROM finding f WHERE f.inspection_id = i.id), '[]'::json)) ORDER BY i.created_at DESC, i.id DESC)
            FROM (SELECT id, outcome, created_at FROM inspection WHERE site_id = s.id ORDER BY created_at DESC, id DESC LIMIT 10) i), '[]'::json)) ORDER BY s.name, s.id)
        FROM (SELECT id, name FROM site ORDER BY name, id LIMIT 50) s), '[]'::json))))::text AS body`;
}
