import { CUTOFF, atCutoff, district, statusAtCutoff, utc } from './report-sql.shared';
import { inspectionKnownAt } from './report-sql.inspections';

const deadlineAt = (alias: string) => atCutoff(alias, 'Finding', 'deadline', 'deadline', 'timestamptz');
const severityAt = (alias: string) => atCutoff(alias, 'Finding', 'severity', 'severity');
const between = (col: string) => `(${col} >= $1::timestamptz AND ${col} < $2::timestamptz)`;

/**
 * Later decisions (lateArrivals.decisions): records of the period that were known by the cutoff
 * and changed after it, each counted once however often it changed — none of these changes is in
 * the main figures (statuses count as they stood at the cutoff). What they change in the figures
 * is the report's netChange (each figure now minus at the cutoff). Only rows updated after the
 * cutoff are read (for a report up to now, none):
 *   findings raised or due in the period whose status, severity or deadline moved (a dispute
 *     decided, a rectification verified, a finding withdrawn or escalated);
 *   disputes lodged or resolved in the period whose status moved (decided, reassigned, withdrawn);
 *   verification records received in the period whose task's status moved (routed, answered…);
 *   corrections of the period's inspections known only after the cutoff.
 */
export const lateDecisionsSql = `
  SELECT
    (SELECT count(*) FROM finding f JOIN site s ON s.id = f.site_id
      WHERE ${utc('f.updated_at')} > ${CUTOFF} AND f.created_at <= $3::timestamptz AND ${district('s')}
        AND (${between('f.raised_at')} OR ${between('f.deadline')} OR ${between(deadlineAt('f'))})
        AND (${statusAtCutoff('f', 'Finding')} <> f.status OR ${severityAt('f')} <> f.severity OR ${deadlineAt('f')} <> f.deadline))::int AS findings,
    (SELECT count(*) FROM dispute d JOIN site s ON s.id = d.site_id
      WHERE d.updated_at > $3::timestamptz AND d.created_at <= $3::timestamptz AND ${district('s')}
        AND (${between('d.lodged_at')} OR ${between('d.resolved_at')})
        AND ${statusAtCutoff('d', 'Dispute')} <> d.status)::int AS disputes,
    (SELECT count(*) FROM verification_record v
      WHERE ${between('v.received_at')} AND v.created_at <= $3::timestamptz AND v.updated_at > $3::timestamptz
        AND ${statusAtCutoff('v', 'VerificationTask')} <> v.status)::int AS "verificationRecords",
    (SELECT count(*) FROM inspection c JOIN inspection i ON i.id = c.corrects_inspection_id JOIN site s ON s.id = i.site_id
      WHERE c.status IN ('SUBMITTED','CLOSED') AND ${utc('c.submitted_at')} >= ${utc('$1::timestamptz')} AND ${inspectionKnownAt('c')} > $3::timestamptz
        AND i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL AND ${between('i.submitted_at')} AND ${inspectionKnownAt('i')} <= $3::timestamptz
        AND ${district('s')})::int AS "inspectionCorrections"`;
