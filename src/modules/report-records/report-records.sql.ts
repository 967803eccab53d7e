import { district } from '../report/report-sql.shared';
import { DISPUTE_CANDIDATES, DISPUTE_LODGED_IN_PERIOD, DISPUTE_RESOLVED_IN_PERIOD, disputeAsOfColumns } from '../report/report-disputes';
import { CHECKPOINT_SHIFT_DAYS, TALLY_EFFECTIVE_AT_CUTOFF, TALLY_IN_PERIOD } from '../report/report-sql.checkpoints';
import { VERIFICATION_ANSWERED, VERIFICATION_IN_PERIOD, VERIFICATION_RECEIVED, verificationAsOfColumns } from '../report/report-sql.verification';
import { DELIVERY_IN_PERIOD, DELIVERY_KNOWN } from '../report/report-sql.supplies';

/*
 * The records behind the report's figures, as CTEs ending in `m (id, k, …)`: the rows a figure
 * counts, `k` their sort key (newest first). Every condition is the report's own fragment
 * (src/modules/report/report-sql.*.ts, report-disputes.ts), so a list and its figure cannot
 * disagree: the same period, district and cutoff rule. Parameters as the report's ($1 from, $2 to,
 * $3 cutoff, $4 district, $5 time zone where used), then the actor's scope.
 */

/** Disputes lodged, or resolved, in the period ($5: site scope). */
export const disputesSql = (figure: 'LODGED' | 'RESOLVED') => `
  WITH d AS (
    SELECT d.id, d.lodged_at, d.resolved_at, ${disputeAsOfColumns('d')}
    FROM dispute d JOIN site s ON s.id = d.site_id
    WHERE ${DISPUTE_CANDIDATES} AND ${district('s')} AND ($5::uuid[] IS NULL OR d.site_id = ANY($5::uuid[]))
  ), m AS (
    SELECT id, ${figure === 'LODGED' ? 'lodged_at' : 'resolved_at'} AS k FROM d WHERE ${figure === 'LODGED' ? DISPUTE_LODGED_IN_PERIOD : DISPUTE_RESOLVED_IN_PERIOD}
  )`;

/** Checkpoint tallies effective at the cutoff for shifts of the period ($6: site scope). */
export const talliesSql = `
  WITH ${CHECKPOINT_SHIFT_DAYS}, m AS (
    SELECT t.id, t.created_at AS k, t.warnings, t.vehicles_checked, t.persons_screened, t.vehicles_turned_back, t.persons_turned_back, t.certificates_verified, t.samples_taken
    FROM checkpoint_tally t JOIN site s ON s.id = t.checkpoint_id CROSS JOIN d
    WHERE ${TALLY_IN_PERIOD} AND ${TALLY_EFFECTIVE_AT_CUTOFF} AND ($6::uuid[] IS NULL OR t.checkpoint_id = ANY($6::uuid[]))
  )`;

export const TALLY_TOTALS = `count(*)::int AS tallies, count(*) FILTER (WHERE warnings <> '[]'::jsonb)::int AS "withWarnings",
  coalesce(sum(vehicles_checked), 0)::int AS "vehiclesChecked", coalesce(sum(persons_screened), 0)::int AS "personsScreened",
  coalesce(sum(vehicles_turned_back), 0)::int AS "vehiclesTurnedBack", coalesce(sum(persons_turned_back), 0)::int AS "personsTurnedBack",
  coalesce(sum(certificates_verified), 0)::int AS "certificatesVerified", coalesce(sum(samples_taken), 0)::int AS "samplesTaken"`;

/** Verification records received in the period, or those of them answered at the cutoff ($4: the actor's units). No district: records have no site. */
export const verificationRecordsSql = (figure: 'RECEIVED' | 'ANSWERED') => `
  WITH v AS (
    SELECT v.id, v.received_at, ${verificationAsOfColumns}
    FROM verification_record v
    WHERE ${VERIFICATION_IN_PERIOD} AND ($4::uuid[] IS NULL OR v.routed_unit_id = ANY($4::uuid[]))
  ), m AS (
    SELECT id, received_at AS k FROM v WHERE ${figure === 'RECEIVED' ? VERIFICATION_RECEIVED : VERIFICATION_ANSWERED}
  )`;

/** Supply deliveries of the period known by the cutoff ($5: site scope, $6: one item or NULL). */
export const deliveriesSql = `
  WITH m AS (
    SELECT d.id, d.delivered_at AS k, d.quantity
    FROM supply_delivery d JOIN site s ON s.id = d.site_id
    WHERE ${DELIVERY_IN_PERIOD} AND ${DELIVERY_KNOWN} AND ($5::uuid[] IS NULL OR d.site_id = ANY($5::uuid[])) AND ($6::text IS NULL OR d.item_code = $6::text)
  )`;
