import { startTestHub, type TestHub } from '../helpers/harness';
import { disputeWorld, inspect, type DisputeWorld } from '../fixtures/disputes';
import { prng } from '../fixtures/samples';
import { reportParams, reportStatements } from '../../src/modules/report/report.service';
import { findingsSql, overdueSql, rectificationSql } from '../../src/modules/report/report.sql';

/**
 * A whole-area report as of a past cutoff C takes the findings recorded after C's UTC day out of
 * the tallies by the day they were recorded (migration FindingTalliesByRecordedDay), reads those
 * recorded on C's day one by one, and reconstructs only those recorded before it and changed
 * after C (report-sql.findings.ts). Here findings are recorded over three weeks, some hours or
 * days after they were raised and some after their own deadline, at midnight exactly and on the
 * cutoff's instant, and changed afterwards (rectified, verified, withdrawn, severity and deadline
 * amended), each change audited as the hub audits it. At cutoffs every few hours, at midnights and
 * on the instants of records and changes, over periods cut anywhere in a day, the whole area's
 * findings, rectification and overdue figures must equal the district's (finding by finding;
 * every site here is in one district), before and after the tallies are folded.
 */
let hub: TestHub;
let w: DisputeWorld;
let district: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A fixed origin: nothing here depends on the clock. Midnight UTC. */
const B = Date.UTC(2026, 8, 1);

beforeAll(async () => {
  hub = await startTestHub();
  // The hub's clock watcher folds the tallies every few seconds; here the test folds them itself,
  // so that the first pass below sees them as appended.
  await hub.server.services.feedWatcher.stop();
  w = await disputeWorld(hub);
  const rows: { district: string }[] = await hub.ds.query(`SELECT DISTINCT district FROM site`);
  expect(rows).toHaveLength(1);
  district = rows[0].district;
});
afterAll(() => hub.stop());

type Figures = { findings: { counted: unknown[]; late: number }; rectification: unknown; overdue: unknown };
const STATEMENTS = ['findings', 'rectification', 'overdue', 'findingFigures'];

/**
 * The findings, rectification and overdue figures of a report: the whole area's from its one
 * statement (findingFiguresSql) and, when `separate`, also from the three statements of its
 * sections (report-series runs those), which must agree; a district's from its three.
 */
async function figures(from: number, to: number, cutoff: number, byDistrict: boolean): Promise<Figures> {
  const args = { period: { from: new Date(from), to: new Date(to) }, district: byDistrict ? district : null, asOf: new Date(cutoff), cutoff: new Date(cutoff) };
  const out: Record<string, unknown> = {};
  // The findings as the report shows them: the counts by severity and status at the cutoff, and
  // how many are late arrivals (their keys are not shown: the district form files a late finding
  // under its first status, the whole area's under its current one).
  const shown = (rows: { severity: string; status: string; count: number; late: number }[]) => ({
    counted: rows.filter((r) => r.count > 0).map((r) => [r.severity, r.status, r.count]),
    late: rows.reduce((n, r) => n + r.late, 0),
  });
  for (const s of reportStatements(args).filter((x) => STATEMENTS.includes(x.name))) {
    const rows = await hub.ds.query(s.sql, s.params);
    if (s.name === 'findingFigures') {
      const [r] = rows;
      Object.assign(out, {
        findings: shown(r.findings),
        rectification: { due: r.due, withdrawn: r.withdrawn, rectified: r.rectified, rectifiedOnTime: r.rectifiedOnTime },
        overdue: { count: r.overdueCount, escalated: r.overdueEscalated },
      });
      const separate = await sections(args.period.from, args.period.to, args.cutoff);
      expect(separate).toEqual(out);
    } else out[s.name] = s.name === 'findings' ? shown(rows) : rows[0];
  }
  return out as Figures;
}

/** The whole area's three section statements, each alone (report-series's per-bucket figures). */
async function sections(from: Date, to: Date, cutoff: Date): Promise<Figures> {
  const p = reportParams({ period: { from, to }, district: null, asOf: cutoff, cutoff });
  const q = async (sql: string) => hub.ds.query(sql, p.slice(0, Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))));
  const rows = await q(findingsSql(false));
  return {
    findings: { counted: rows.filter((r: any) => r.count > 0).map((r: any) => [r.severity, r.status, r.count]), late: rows.reduce((n: number, r: any) => n + r.late, 0) },
    rectification: (await q(rectificationSql(false)))[0],
    overdue: (await q(overdueSql(false)))[0],
  };
}

it('as of any cutoff, the tallies by recorded day give the figures finding-by-finding counting gives', async () => {
  // One filed inspection gives the finding's references (and findings of its own, recorded now).
  const filed = await inspect(hub, w, ['C1'], new Date(hub.clock.now.getTime() - HOUR));
  const [ref] = await hub.ds.query(`SELECT inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, profile_version FROM finding WHERE id = $1`, [filed.findings.C1.id]);
  const random = prng(20261206); // the same findings on every run
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR'] as const;

  type Row = { id: string; raised: number; created: number; deadline: number; severity: string; status: string; updated: number };
  const rows: Row[] = [];
  const cutoffs = new Set<number>();
  for (let i = 0; i < 90; i++) {
    const raised = B + Math.floor(random() * 20 * DAY);
    // Recorded at once, hours later, days later (offline), after its deadline, or at midnight exactly.
    const kind = random();
    const deadline = raised + (6 + Math.floor(random() * 160)) * HOUR;
    const created =
      kind < 0.5 ? raised + Math.floor(random() * HOUR) : kind < 0.75 ? raised + Math.floor(random() * 10 * HOUR) : kind < 0.85 ? raised + Math.floor((1 + random() * 2) * DAY) : kind < 0.93 ? deadline + Math.floor(random() * DAY) : Math.ceil(raised / DAY) * DAY;
    const severity = pick(SEVERITIES);
    const [row] = await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'OPEN', $8, $9, $10, $11, $11) RETURNING id`,
      [ref.inspection_id, ref.site_id, ref.team_id, ref.issuing_agency_id, ref.raised_by_id, `补录 ${i}`, severity, new Date(raised), new Date(deadline), ref.profile_version, new Date(created)],
    );
    rows.push({ id: row.id, raised, created, deadline, severity, status: 'OPEN', updated: created });
    cutoffs.add(created);
  }

  // Changes after a finding was recorded, in time order, each audited in its own transaction as the hub does it.
  type Change = { at: number; row: Row };
  const changes: Change[] = [];
  for (const row of rows) {
    let at = row.created;
    for (let k = 0; k < 3 && random() < 0.7; k++) {
      at += Math.floor((0.2 + random() * 3) * DAY);
      changes.push({ at, row });
    }
  }
  // And three findings changed for the first time half a year after they were recorded: the
  // report reads the changes after a cutoff by their lag (migration FindingChangeLagTiers), the
  // last tier, 4,096 hours and more, with no bound.
  for (const [k, row] of rows.filter((r) => !changes.some((c) => c.row === r)).slice(0, 3).entries()) changes.push({ at: row.created + 175 * DAY + k * 7 * HOUR, row });
  changes.sort((a, b) => a.at - b.at);
  for (const { at, row } of changes) {
    const before = { status: row.status, severity: row.severity, deadline: row.deadline };
    const set: Record<string, unknown> = {};
    const r = random();
    if (row.status === 'VERIFIED' || row.status === 'WITHDRAWN') continue;
    if (r < 0.3 && row.status === 'OPEN') set.status = 'RECTIFICATION_SUBMITTED';
    else if (r < 0.55 && row.status === 'RECTIFICATION_SUBMITTED') set.status = 'VERIFIED';
    else if (r < 0.65) set.status = 'WITHDRAWN';
    else if (r < 0.85) set.severity = pick(SEVERITIES.filter((s) => s !== row.severity));
    else set.deadline = row.deadline + (random() < 0.5 ? -1 : 1) * Math.floor(random() * 2 * DAY);
    if (set.deadline !== undefined && (set.deadline as number) <= row.raised) set.deadline = row.raised + HOUR;
    if (!Object.keys(set).length) continue;
    Object.assign(row, set, { updated: at });
    await hub.ds.transaction(async (em) => {
      await em.query(
        `UPDATE finding SET status = $2::varchar, severity = $3, deadline = $4, verified_at = CASE WHEN $2::varchar = 'VERIFIED' THEN $5 ELSE verified_at END, updated_at = $5 WHERE id = $1`,
        [row.id, row.status, row.severity, new Date(row.deadline), new Date(at)],
      );
      const audited = Object.fromEntries(
        Object.keys(set).map((k) => [k, k === 'deadline' ? { before: new Date(before.deadline).toISOString(), after: new Date(row.deadline).toISOString() } : { before: before[k as 'status'], after: row[k as 'status'] }]),
      );
      await em.query(
        `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes, occurred_at) VALUES ($1, 'r', 'REVIEWER', 'finding.change', 'Finding', $2, $3, $4)`,
        [w.reviewer.id, row.id, JSON.stringify(audited), new Date(at)],
      );
    });
    cutoffs.add(at);
  }
  expect(changes.length).toBeGreaterThan(60);
  const [{ late, offline, changed }] = await hub.ds.query(
    `SELECT count(*) FILTER (WHERE deadline < created_at)::int AS late, count(*) FILTER (WHERE created_at - raised_at > interval '1 day')::int AS offline,
            count(*) FILTER (WHERE updated_at > created_at)::int AS changed FROM finding WHERE title LIKE '补录%'`,
  );
  expect({ late: late > 3, offline: offline > 3, changed: changed > 30 }).toEqual({ late: true, offline: true, changed: true });
  const [{ tiers, longest }] = await hub.ds.query(
    `SELECT count(DISTINCT finding_change_lag_tier(changed_at - created_at))::int AS tiers, count(*) FILTER (WHERE changed_at - created_at >= interval '4096 hours')::int AS longest FROM finding_change`,
  );
  expect({ tiers: tiers >= 6, longest }).toEqual({ tiers: true, longest: 3 });

  // Cutoffs: every 7 hours over four weeks, each midnight and the instant before it, every record and change.
  for (let t = B; t < B + 28 * DAY; t += 7 * HOUR) cutoffs.add(t);
  for (let d = 0; d < 28; d++) cutoffs.add(B + d * DAY).add(B + d * DAY - 1);
  const periods = [
    { from: B + 2 * DAY + 5 * HOUR, to: B + 18 * DAY + 21 * HOUR }, // a partial day at each end, the last most of a day
    { from: B, to: B + 30 * DAY },
    { from: B + 6 * DAY + 2 * HOUR, to: B + 6 * DAY + 20 * HOUR }, // within one day
    { from: B + 3 * DAY, to: B + 10 * DAY }, // midnight to midnight
  ];
  // (Four cutoffs at a time, on the hub's pool: each comparison is 7 statements.)
  const compare = async (label: string) => {
    const cases = periods.flatMap((p) => [...cutoffs].sort((a, b) => a - b).filter((c) => c >= p.from).map((c) => ({ p, c })));
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async ({ p, c }) => {
          const [whole, byDistrict] = await Promise.all([figures(p.from, p.to, c, false), figures(p.from, p.to, c, true)]);
          expect({ label, period: p, cutoff: new Date(c), whole }).toEqual({ label, period: p, cutoff: new Date(c), whole: byDistrict });
        }),
      );
    }
    return cases.length;
  };
  expect(await compare('appended')).toBeGreaterThan(400);

  // The tallies hold every finding under its current key and the day it was recorded.
  const diff = async (tally: string, keys: string, expr: string) =>
    hub.ds.query(
      `(SELECT ${keys}, sum(findings)::int FROM ${tally} GROUP BY ${keys} HAVING sum(findings) <> 0 EXCEPT SELECT ${expr}, count(*)::int FROM finding GROUP BY ${keys})
       UNION ALL (SELECT ${expr}, count(*)::int FROM finding GROUP BY ${keys} EXCEPT SELECT ${keys}, sum(findings)::int FROM ${tally} GROUP BY ${keys} HAVING sum(findings) <> 0)`,
    );
  const created = `(created_at AT TIME ZONE 'UTC')::date`;
  const checkTallies = async () => {
    expect(await diff('finding_raised_tally', 'day, created_day, severity, status', `(raised_at AT TIME ZONE 'UTC')::date AS day, ${created} AS created_day, severity, status`)).toEqual([]);
    expect(await diff('finding_due_created_tally', 'day, created_day, status, verified_on_time', `(deadline AT TIME ZONE 'UTC')::date AS day, ${created} AS created_day, status, coalesce(verified_at <= deadline, false) AS verified_on_time`)).toEqual([]);
  };
  await checkTallies();

  // The key changes the trigger wrote (migration FindingChangeLog) are those the audit trail gives
  // finding_change_rebuild(), which the migration and the scale seed run: the same instants, and
  // the same keys before and after (verified_at, which the trail does not carry, where it counts:
  // in a VERIFIED state). Each change here is one row; the hub's own findings are left out (their
  // events come a little after the update's now(), which the rebuild cannot know).
  const logged = () =>
    hub.ds.query(
      `SELECT c.finding_id, c.changed_at, c.created_at, c.raised_at, o_severity, o_status, o_deadline, CASE WHEN o_status = 'VERIFIED' THEN o_verified_at END AS o_verified,
              n_severity, n_status, n_deadline, CASE WHEN n_status = 'VERIFIED' THEN n_verified_at END AS n_verified
       FROM finding_change c JOIN finding f ON f.id = c.finding_id WHERE f.title LIKE '补录%' ORDER BY c.changed_at, c.finding_id`,
    );
  const written = await logged();
  const [{ n: audited }] = await hub.ds.query(`SELECT count(*)::int AS n FROM audit_event a JOIN finding f ON f.id::text = a.entity_id WHERE a.entity_type = 'Finding' AND f.title LIKE '补录%'`);
  expect(written.length).toBe(audited);
  expect(written.length).toBeGreaterThan(60);
  const [{ rebuilt }] = await hub.ds.query(`SELECT finding_change_rebuild() AS rebuilt`);
  expect(rebuilt).toBeGreaterThanOrEqual(written.length);
  expect(await logged()).toEqual(written);

  // Folded, the same answers.
  const [{ n: unfolded }] = await hub.ds.query(`SELECT count(*)::int AS n FROM finding_due_created_tally WHERE NOT folded`);
  expect(unfolded).toBeGreaterThan(0);
  await hub.ds.query(`SELECT finding_deadline_tally_fold_all()`);
  const [{ n: left }] = await hub.ds.query(`SELECT (SELECT count(*) FROM finding_due_created_tally WHERE NOT folded) + (SELECT count(*) FROM finding_raised_tally WHERE NOT folded) AS n`);
  expect(Number(left)).toBe(0);
  await checkTallies();
  expect(await compare('folded')).toBeGreaterThan(400);
}, 240_000); // ~25 s on a quiet machine; with one cutoff at a time it took 55–60 s and overran the default 60 s in CI
