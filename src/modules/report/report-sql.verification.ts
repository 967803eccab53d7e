import { statusAtCutoff } from './report-sql.shared';

/**
 * Verification records received in the period (区域协查) by the source system's receipt time
 * (received_at), their tasks' state at the cutoff. A record counts when it was imported by the
 * cutoff (created_at); one received in the period but imported after the cutoff is a late
 * arrival. Records have no site: the district filter does not apply to them.
 */
/** Record `v`'s columns the figures judge: known by the cutoff, its task's status at the cutoff. */
export const verificationAsOfColumns = `v.needs_verification, v.deadline, v.created_at <= $3::timestamptz AS known, ${statusAtCutoff('v', 'VerificationTask')} AS status`;
/** Record `v` was received in the period (the source system's receipt time). */
export const VERIFICATION_IN_PERIOD = `v.received_at >= $1::timestamptz AND v.received_at < $2::timestamptz`;
/** Over a row with verificationAsOfColumns: counted as received; counted as answered. */
export const VERIFICATION_RECEIVED = `known`;
export const VERIFICATION_ANSWERED = `(known AND needs_verification AND status = 'ANSWERED')`;

export const verificationSql = `
  WITH v AS (
    SELECT ${verificationAsOfColumns}
    FROM verification_record v
    WHERE ${VERIFICATION_IN_PERIOD}
  )
  SELECT count(*) FILTER (WHERE ${VERIFICATION_RECEIVED})::int AS received,
         count(*) FILTER (WHERE known AND needs_verification)::int AS "needingVerification",
         count(*) FILTER (WHERE known AND needs_verification AND status = 'ROUTED')::int AS routed,
         count(*) FILTER (WHERE known AND needs_verification AND status IN ('VERIFYING','ANSWERED'))::int AS verified,
         count(*) FILTER (WHERE ${VERIFICATION_ANSWERED})::int AS answered,
         count(*) FILTER (WHERE known AND needs_verification AND status <> 'ANSWERED' AND deadline < $3::timestamptz)::int AS overdue,
         count(*) FILTER (WHERE NOT known)::int AS late
  FROM v`;
