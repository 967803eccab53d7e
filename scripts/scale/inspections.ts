import type { Client } from 'pg';
import type { Preset } from './presets';
import { arr, pick, rnd, uid } from './people-and-sites';

/**
 * Inspections of every site whose kind has a published checklist, spread over the history
 * window; submitted ones get findings of their version's items with profile deadlines, statuses
 * by age (old ones mostly verified, some overdue), rectifications, members, and an outcome and
 * status (CLOSED when every finding is settled) computed from the findings.
 */
export async function seedInspections(c: Client, p: Preset, seed: number, anchor: string) {
  // The newest published version of the seeded checklist for each kind, and its scorable items.
  await c.query(
    `CREATE TEMP TABLE scale_version AS
     SELECT DISTINCT ON (k) k AS kind, v.id AS version_id
       FROM checklist_template t JOIN checklist_version v ON v.template_id = t.id CROSS JOIN unnest(t.site_kinds) AS k
      WHERE v.status = 'PUBLISHED' AND t.code NOT LIKE 'SCALE-%'
      ORDER BY k, t.code, v.number DESC`,
  );
  await c.query(
    `CREATE TEMP TABLE scale_item AS
     SELECT i.version_id, (row_number() OVER (PARTITION BY i.version_id ORDER BY i.position) - 1)::int AS idx, i.code, i.severity, i.prompt_zh, i.prompt_en
       FROM checklist_item i WHERE i.version_id IN (SELECT version_id FROM scale_version) AND i.answer_type <> 'TEXT'`,
  );
  await c.query(`CREATE TEMP TABLE scale_item_count AS SELECT version_id, count(*)::int AS cnt FROM scale_item GROUP BY version_id`);
  await c.query(
    `CREATE TEMP TABLE scale_isite AS
     SELECT (row_number() OVER (ORDER BY s.n) - 1)::int AS rn, s.id AS site_id, s.kind, s.manager_id, v.version_id
       FROM scale_site s JOIN scale_version v ON v.kind = s.kind`,
  );
  await c.query(`ALTER TABLE scale_isite ADD PRIMARY KEY (rn)`);

  const r = (tag: string) => rnd(seed, `insp-${tag}`, 'k');
  const maxFindings = 2 * p.findingsPerInspection;
  await c.query(
    `CREATE TEMP TABLE scale_insp AS
     SELECT k, ${uid(seed, 'insp', 'k')} AS id, s.site_id, s.kind, s.manager_id, s.version_id, t.id AS team_id, t.leader_id, created_at,
            CASE WHEN st < 0.01 THEN 'CANCELLED' WHEN created_at > $2::timestamptz - interval '14 days' AND st < 0.15 THEN 'SCHEDULED'
                 WHEN created_at > $2::timestamptz - interval '14 days' AND st < 0.25 THEN 'IN_PROGRESS' ELSE 'SUBMITTED' END AS status,
            floor(${r('nf')} * ${maxFindings + 1})::int AS nf, floor(${r('off')} * 1000)::int AS off, ${r('offline')} < 0.3 AS offline
       FROM (SELECT k, ${r('status')} AS st, $2::timestamptz - make_interval(secs => ${r('age')} * $3::int * 86400) AS created_at,
                    floor(${r('team')} * $4::int)::int + 1 AS team_n
               FROM generate_series(1, $1::int) AS k) g
       JOIN scale_isite s ON s.rn = g.k % (SELECT count(*) FROM scale_isite)
       JOIN scale_team t ON t.n = g.team_n`,
    [p.inspections, anchor, p.historyDays, p.teams],
  );
  await c.query(`ALTER TABLE scale_insp ADD PRIMARY KEY (id)`);
  await c.query(
    `INSERT INTO inspection (id, site_id, team_id, checklist_version_id, status, due_at, scheduled_by_id, started_at, submitted_at, submitted_by_id, cancelled_at, cancel_reason,
                             filed_offline, received_at, score, points_earned, points_possible, outcome, pass_mark, profile_version, created_at, updated_at)
     SELECT i.id, i.site_id, i.team_id, i.version_id, i.status,
            CASE WHEN NOT i.offline OR i.status <> 'SUBMITTED' THEN i.created_at + interval '7 days' END,
            CASE WHEN NOT i.offline OR i.status <> 'SUBMITTED' THEN (SELECT id FROM account WHERE username = 'scale-command') END,
            CASE WHEN i.status IN ('IN_PROGRESS', 'SUBMITTED') THEN i.created_at + interval '1 hour' END,
            CASE WHEN i.status = 'SUBMITTED' THEN i.created_at + interval '100 minutes' END,
            CASE WHEN i.status = 'SUBMITTED' THEN i.leader_id END,
            CASE WHEN i.status = 'CANCELLED' THEN i.created_at + interval '1 day' END,
            CASE WHEN i.status = 'CANCELLED' THEN '场所停业 site closed that day' END,
            i.offline AND i.status = 'SUBMITTED', CASE WHEN i.offline AND i.status = 'SUBMITTED' THEN i.created_at + interval '3 hours' END,
            CASE WHEN i.status = 'SUBMITTED' THEN 100 END, CASE WHEN i.status = 'SUBMITTED' THEN 10 END, CASE WHEN i.status = 'SUBMITTED' THEN 10 END,
            CASE WHEN i.status = 'SUBMITTED' THEN 'PASS' END, CASE WHEN i.status = 'SUBMITTED' THEN pr.pass_mark END, CASE WHEN i.status = 'SUBMITTED' THEN pr.version END,
            i.created_at, i.created_at
       FROM scale_insp i JOIN standard_profile pr ON pr.site_kind = i.kind`,
  );

  const f = (tag: string) => rnd(seed, `finding-${tag}`, `i.k || ':' || j`);
  const deadline = `i.created_at + interval '100 minutes' + make_interval(hours => CASE it.severity WHEN 'CRITICAL' THEN pr.critical_deadline_hours WHEN 'MAJOR' THEN pr.major_deadline_hours ELSE pr.minor_deadline_hours END)`;
  await c.query(
    `INSERT INTO finding (id, inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, item_code, title, description, severity, status, raised_at, deadline, profile_version,
                          verified_at, verified_by_id, created_at, updated_at)
     SELECT x.id, x.inspection_id, x.site_id, x.team_id, x.agency_id, x.leader_id, x.code, x.title, x.description, x.severity, x.status, x.raised_at, x.deadline, x.profile_version,
            CASE WHEN x.status = 'VERIFIED' THEN x.raised_at + (least(x.deadline, $1::timestamptz) - x.raised_at) * (0.3 + 0.6 * x.r2) END,
            CASE WHEN x.status = 'VERIFIED' THEN x.leader_id END,
            x.raised_at, x.raised_at
       FROM (SELECT ${uid(seed, 'finding', `i.k || ':' || j`)} AS id, i.id AS inspection_id, i.site_id, i.team_id, a.agency_id, i.leader_id, it.code,
                    it.prompt_zh || '（' || it.prompt_en || '）' AS title, ${pick(arr(['现场检查发现', '抽查登记记录发现', '工作人员未能说明', '复查仍未整改']), f('desc'))} AS description,
                    it.severity, i.created_at + interval '100 minutes' AS raised_at, ${deadline} AS deadline, pr.version AS profile_version, ${f('r2')} AS r2,
                    CASE WHEN ${f('st')} < 0.03 THEN 'WITHDRAWN'
                         WHEN ${deadline} < $1::timestamptz THEN CASE WHEN ${f('st2')} < 0.93 THEN 'VERIFIED' WHEN ${f('st2')} < 0.97 THEN 'OPEN' ELSE 'RECTIFICATION_SUBMITTED' END
                         ELSE CASE WHEN ${f('st2')} < 0.4 THEN 'OPEN' WHEN ${f('st2')} < 0.7 THEN 'RECTIFICATION_SUBMITTED' ELSE 'VERIFIED' END END AS status
               FROM scale_insp i
               CROSS JOIN LATERAL generate_series(1, least(i.nf, (SELECT cnt FROM scale_item_count ic WHERE ic.version_id = i.version_id))) AS j
               JOIN scale_item_count ic ON ic.version_id = i.version_id
               JOIN scale_item it ON it.version_id = i.version_id AND it.idx = (i.off + j) % ic.cnt
               JOIN standard_profile pr ON pr.site_kind = i.kind
               JOIN account a ON a.id = i.leader_id
              WHERE i.status = 'SUBMITTED') x`,
    [anchor],
  );

  // What the site did: an accepted rectification for each verified finding (a tenth after a
  // rejected first try), a pending one for each finding awaiting verification.
  await c.query(
    `INSERT INTO rectification (finding_id, submitted_by_id, description, submitted_at, status, reviewed_by_id, reviewed_at, rejection_reason, created_at)
     SELECT f.id, i.manager_id, '已整改：' || f.title, f.raised_at + (f.verified_at - f.raised_at) * 0.2, 'REJECTED', f.verified_by_id,
            f.raised_at + (f.verified_at - f.raised_at) * 0.3, '整改材料不完整 evidence incomplete', f.raised_at + (f.verified_at - f.raised_at) * 0.2
       FROM finding f JOIN scale_insp i ON i.id = f.inspection_id
      WHERE f.status = 'VERIFIED' AND ${rnd(seed, 'rect-rejected', 'f.id')} < 0.1
     UNION ALL
     SELECT f.id, i.manager_id, '已整改：' || f.title, f.raised_at + (f.verified_at - f.raised_at) * 0.5, 'ACCEPTED', f.verified_by_id, f.verified_at, NULL,
            f.raised_at + (f.verified_at - f.raised_at) * 0.5
       FROM finding f JOIN scale_insp i ON i.id = f.inspection_id WHERE f.status = 'VERIFIED'
     UNION ALL
     SELECT f.id, i.manager_id, '已整改，请复查：' || f.title, f.raised_at + (least(f.deadline, $1::timestamptz) - f.raised_at) * 0.6, 'SUBMITTED', NULL, NULL, NULL,
            f.raised_at + (least(f.deadline, $1::timestamptz) - f.raised_at) * 0.6
       FROM finding f JOIN scale_insp i ON i.id = f.inspection_id WHERE f.status = 'RECTIFICATION_SUBMITTED'`,
    [anchor],
  );

  // Outcome and score from the findings; CLOSED once every finding is settled.
  await c.query(
    `UPDATE inspection i
        SET points_earned = greatest(0, 10 - agg.n), score = greatest(0, 10 - agg.n) * 10.0,
            outcome = CASE WHEN agg.n = 0 THEN 'PASS' WHEN agg.crit > 0 OR greatest(0, 10 - agg.n) * 10 < i.pass_mark THEN 'FAIL' ELSE 'PASS_WITH_FINDINGS' END,
            status = CASE WHEN agg.open = 0 THEN 'CLOSED' ELSE 'SUBMITTED' END,
            closed_at = CASE WHEN agg.open = 0 THEN greatest(i.submitted_at, agg.last_settled) END,
            updated_at = CASE WHEN agg.open = 0 THEN greatest(i.submitted_at, agg.last_settled) ELSE i.submitted_at END
       FROM (SELECT s.id, count(f.id)::int AS n, count(*) FILTER (WHERE f.severity = 'CRITICAL')::int AS crit,
                    count(*) FILTER (WHERE f.status NOT IN ('VERIFIED', 'WITHDRAWN'))::int AS open, max(f.verified_at) AS last_settled
               FROM scale_insp s LEFT JOIN finding f ON f.inspection_id = s.id WHERE s.status = 'SUBMITTED' GROUP BY s.id) agg
      WHERE i.id = agg.id`,
  );
  await c.query(
    `INSERT INTO inspection_member (inspection_id, account_id, agency_id, is_leader)
     SELECT i.id, tm.account_id, a.agency_id, tm.account_id = i.leader_id
       FROM scale_insp i JOIN team_member tm ON tm.team_id = i.team_id JOIN account a ON a.id = tm.account_id
      WHERE i.status IN ('IN_PROGRESS', 'SUBMITTED')`,
  );
}
