import type { Client } from 'pg';

/**
 * The findings' change trail, as the hub would have written it: the scale seed inserts each
 * finding with its final status (and its rectifications and disputes with their times), but a
 * finding the hub files starts OPEN and moves on as the site answers, each move updating the row
 * (updated_at) and writing an audit event with the status before and after, in one transaction.
 * A report as of a past cutoff reconstructs a finding changed after the cutoff from those events
 * (report-sql.shared.ts atCutoff); without them it never has to, and reads as if every finding
 * had been settled the moment it was raised.
 *
 * For the findings raised in the `days` before the anchor (the reports' look-back: 90 days and a
 * cutoff before that; not those with a seeded time before their raising, around the anchor,
 * where the seed squeezes times), from the seed's own times: a finding dispute lodged (DISPUTED) and resolved
 * (back to the status before it, or WITHDRAWN when overturned), each rectification submitted
 * (RECTIFICATION_SUBMITTED) and, if rejected, reviewed (OPEN again), and the verification
 * (VERIFIED). The last move of each is its status now (checked). The events are appended in time
 * order under the action `finding.status`, the findings' updated_at set to their last move, and
 * the findings' key changes rebuilt from them; the caller seals them (scripts/scale/seed.ts), as
 * the hub's sealer would.
 */
export async function seedFindingTrail(c: Client, anchor: string, days = 120): Promise<{ findings: number; events: number }> {
  await c.query(
    `CREATE TEMP TABLE scale_trail ON COMMIT DROP AS
     WITH f AS (SELECT id, status, verified_at, raised_at FROM finding WHERE raised_at >= $1::timestamptz - make_interval(days => $2::int) AND raised_at <= $1::timestamptz),
     ev AS (
       SELECT d.finding_id AS id, d.lodged_at AS at, 'DISPUTED'::text AS after, 0 AS ord FROM dispute d JOIN f ON f.id = d.finding_id WHERE d.kind = 'FINDING'
       UNION ALL
       SELECT d.finding_id, d.resolved_at, CASE d.outcome WHEN 'OVERTURNED' THEN 'WITHDRAWN' ELSE d.finding_status_before END, 1
         FROM dispute d JOIN f ON f.id = d.finding_id WHERE d.kind = 'FINDING' AND d.status = 'RESOLVED'
       UNION ALL
       SELECT r.finding_id, r.submitted_at, 'RECTIFICATION_SUBMITTED', 2 FROM rectification r JOIN f ON f.id = r.finding_id
       UNION ALL
       SELECT r.finding_id, r.reviewed_at, 'OPEN', 3 FROM rectification r JOIN f ON f.id = r.finding_id WHERE r.status = 'REJECTED'
       UNION ALL
       SELECT f.id, f.verified_at, 'VERIFIED', 4 FROM f WHERE f.status = 'VERIFIED'
     )
     SELECT id, at, lag(after, 1, 'OPEN') OVER (PARTITION BY id ORDER BY at, ord) AS before, after,
            row_number() OVER (PARTITION BY id ORDER BY at DESC, ord DESC) = 1 AS last
     FROM ev WHERE at IS NOT NULL
       -- (not a finding with a seeded time before its raising: the last hours before the anchor, squeezed)
       AND id NOT IN (SELECT ev.id FROM ev JOIN f ON f.id = ev.id WHERE ev.at < f.raised_at)`,
    [anchor, days],
  );
  const { rows: astray } = await c.query(`SELECT count(*)::int AS n FROM scale_trail t JOIN finding f ON f.id = t.id WHERE t.last AND t.after <> f.status`);
  if (astray[0].n) throw new Error(`the findings' trail ends elsewhere than their status for ${astray[0].n} findings`);
  const { rowCount: events } = await c.query(
    `INSERT INTO audit_event (occurred_at, actor_username, actor_role, action, entity_type, entity_id, changes)
     SELECT at, 'scale-seed', 'SYSTEM', 'finding.status', 'Finding', id::text, jsonb_build_object('status', jsonb_build_object('before', before, 'after', after))
     FROM scale_trail WHERE before <> after ORDER BY at, id`,
  );
  const { rowCount: findings } = await c.query(
    `UPDATE finding f SET updated_at = t.at FROM scale_trail t WHERE t.last AND f.id = t.id AND t.at > f.updated_at`,
  );
  // The findings' key changes, which the hub's trigger would have written move by move (migration FindingChangeLog), from the trail.
  await c.query(`SELECT finding_change_rebuild()`);
  return { findings: findings ?? 0, events: events ?? 0 };
}
