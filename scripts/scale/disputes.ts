import type { Client } from 'pg';
import type { Preset } from './presets';
import { arr, pick, rnd, uid } from './people-and-sites';

/**
 * Disputes that agree with the findings' statuses: every WITHDRAWN finding was overturned by
 * one; some verified findings were contested first (UPHELD, a fifth AMENDED); a few recent open
 * findings are DISPUTED now (LODGED or UNDER_REVIEW); a tenth are site conflicts, recorded resolved.
 */
export async function seedDisputes(c: Client, p: Preset, seed: number, anchor: string) {
  const conflicts = Math.round(p.disputes * 0.1);
  const open = Math.round(p.disputes * 0.05);
  const reviewer = `(SELECT id FROM account WHERE username = 'scale-reviewer')`;
  const command = `(SELECT id FROM account WHERE username = 'scale-command')`;
  await c.query(
    `CREATE TEMP TABLE scale_disputed AS
     SELECT f.id AS finding_id, f.site_id, f.severity, f.status, f.raised_at, f.deadline, f.verified_at, i.manager_id, pr.dispute_resolution_days,
            CASE f.status WHEN 'WITHDRAWN' THEN 'OVERTURNED' WHEN 'VERIFIED' THEN CASE WHEN ${rnd(seed, 'dispute-amend', 'f.id')} < 0.2 THEN 'AMENDED' ELSE 'UPHELD' END END AS outcome
       FROM finding f JOIN scale_insp i ON i.id = f.inspection_id JOIN standard_profile pr ON pr.site_kind = i.kind
      WHERE f.status = 'WITHDRAWN'`,
  );
  const withdrawn = Number((await c.query(`SELECT count(*) AS n FROM scale_disputed`)).rows[0].n);
  await c.query(
    `INSERT INTO scale_disputed
     (SELECT f.id, f.site_id, f.severity, f.status, f.raised_at, f.deadline, f.verified_at, i.manager_id, pr.dispute_resolution_days, NULL
        FROM finding f JOIN scale_insp i ON i.id = f.inspection_id JOIN standard_profile pr ON pr.site_kind = i.kind
       WHERE f.status = 'OPEN' AND f.raised_at > $1::timestamptz - interval '14 days'
       ORDER BY md5('${seed}:dispute-open:' || f.id) LIMIT $2)
     UNION ALL
     (SELECT f.id, f.site_id, f.severity, f.status, f.raised_at, f.deadline, f.verified_at, i.manager_id, pr.dispute_resolution_days,
             CASE WHEN ${rnd(seed, 'dispute-amend', 'f.id')} < 0.2 THEN 'AMENDED' ELSE 'UPHELD' END
        FROM finding f JOIN scale_insp i ON i.id = f.inspection_id JOIN standard_profile pr ON pr.site_kind = i.kind
       WHERE f.status = 'VERIFIED' ORDER BY md5('${seed}:dispute-verified:' || f.id) LIMIT $3)`,
    [anchor, open, Math.max(0, p.disputes - conflicts - open - withdrawn)],
  );
  // When the dispute was lodged and resolved, inside the finding's own history.
  const lodged = `CASE d.status WHEN 'VERIFIED' THEN d.raised_at + (d.verified_at - d.raised_at) * 0.1 WHEN 'WITHDRAWN' THEN d.raised_at + (least(d.raised_at + interval '4 days', $1::timestamptz - interval '1 hour') - d.raised_at) * 0.3
                       ELSE d.raised_at + ($1::timestamptz - d.raised_at) * 0.5 END`;
  const resolved = `CASE d.status WHEN 'VERIFIED' THEN d.raised_at + (d.verified_at - d.raised_at) * 0.15 WHEN 'WITHDRAWN' THEN least(d.raised_at + interval '4 days', $1::timestamptz - interval '1 hour') END`;
  const underReview = `${rnd(seed, 'dispute-review', 'd.finding_id')} < 0.5`;
  await c.query(
    `INSERT INTO dispute (id, kind, finding_id, site_id, status, reason, lodged_by_id, lodged_at, resolution_due_at, finding_status_before, deadline_paused,
                          reviewer_id, assigned_at, outcome, rationale, new_severity, new_deadline, resolved_at, resolved_by_id, created_at, updated_at)
     SELECT ${uid(seed, 'dispute', 'd.finding_id')}, 'FINDING', d.finding_id, d.site_id,
            CASE WHEN d.status = 'OPEN' THEN CASE WHEN ${underReview} THEN 'UNDER_REVIEW' ELSE 'LODGED' END ELSE 'RESOLVED' END,
            ${pick(arr(['该问题检查时已整改到位', '检查人员对条款理解有误', '整改期限过短，申请延期', '相关记录当日已补录']), rnd(seed, 'dispute-reason', 'd.finding_id'))},
            d.manager_id, ${lodged}, ${lodged} + make_interval(days => d.dispute_resolution_days), 'OPEN', d.severity <> 'CRITICAL',
            CASE WHEN d.status <> 'OPEN' OR ${underReview} THEN ${reviewer} END,
            CASE WHEN d.status <> 'OPEN' OR ${underReview} THEN ${lodged} + interval '2 hours' END,
            d.outcome,
            CASE d.outcome WHEN 'UPHELD' THEN '检查认定事实清楚，维持原问题' WHEN 'AMENDED' THEN '问题成立，但严重程度调整并延长整改期限' WHEN 'OVERTURNED' THEN '现场证据表明检查时已符合要求，撤销该问题' END,
            CASE WHEN d.outcome = 'AMENDED' THEN 'MINOR' END, CASE WHEN d.outcome = 'AMENDED' THEN d.deadline + interval '3 days' END,
            ${resolved}, CASE WHEN d.status <> 'OPEN' THEN ${reviewer} END, ${lodged}, coalesce(${resolved}, ${lodged})
       FROM scale_disputed d`,
    [anchor],
  );
  await c.query(`UPDATE finding SET status = 'DISPUTED' WHERE id IN (SELECT finding_id FROM scale_disputed WHERE status = 'OPEN')`);
  const r = (tag: string) => rnd(seed, `conflict-${tag}`, 'g.n');
  await c.query(
    `INSERT INTO dispute (id, kind, site_id, status, category, reason, parties, mediated_by_id, lodged_by_id, lodged_at, rationale, resolved_at, resolved_by_id, created_at, updated_at)
     SELECT ${uid(seed, 'conflict', 'g.n')}, 'SITE_CONFLICT', s.id, 'RESOLVED', x.category, x.reason, x.parties, ${command}, ${command}, x.at, '双方经调解达成一致 settled by mediation',
            x.at + interval '2 hours', ${command}, x.at, x.at + interval '2 hours'
       FROM generate_series(1, $1::int) AS g(n)
       JOIN scale_site s ON s.n = 1 + floor(${r('site')} * (SELECT count(*) FROM scale_site))::int
       CROSS JOIN LATERAL (SELECT CASE s.kind WHEN 'HOTEL' THEN 'GUEST_REFUSED_REGISTRATION' WHEN 'CHECKPOINT' THEN 'CHECKPOINT_QUARREL' WHEN 'ISOLATION_SITE' THEN 'QUARANTINE_NONCOMPLIANCE' ELSE 'NEIGHBOURHOOD' END AS category,
                                  '现场发生纠纷，经民警调解化解' AS reason, '["当事人甲", "当事人乙"]'::jsonb AS parties,
                                  $2::timestamptz - make_interval(secs => ${r('age')} * $3::int * 86400) AS at) x`,
    [conflicts, anchor, p.historyDays],
  );
}
