/**
 * npx tsx scripts/explain-report.ts [--findings 100000] [--analyze] [--keep]
 *
 * Prints the plan (EXPLAIN) of every report statement on a generated dataset of N findings
 * (default 100k), with the indexes each one uses. It never touches existing data: it creates a
 * scratch database `report_explain_<time>` on the server of DATABASE_URL, migrates it, fills
 * it, ANALYZEs, explains (with --analyze: runs them too, with timings), and drops it (unless --keep). tests/integration/report-explain.test.ts
 * runs the same functions and asserts the index use.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { makeDataSource } from '../src/db/data-source';
import { reportStatements, REPORT_TIME_ZONE, type ReportArgs } from '../src/modules/report/report.service';

type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

/**
 * A county's two years: 2,000 hotels and venues in 10 districts, 8 checkpoints, one inspection
 * per 2 findings, N findings raised evenly over the last 730 days (those older than 30 days
 * settled, most recent ones open), tallies for every shift, a site conflict per hotel every 15
 * days, deliveries, disinfection
 * entries and verification records. Everything is set-based SQL (a few seconds for 100k).
 */
export async function seedExplainDataset(q: Query, findings = 100_000): Promise<{ now: Date }> {
  const [{ now }] = await q(`SELECT date_trunc('day', now()) AS now`);
  const [agency] = await q(`INSERT INTO agency (code, name, kind) VALUES ('EXPLAIN', 'Explain', 'POLICE') RETURNING id`);
  const [insp] = await q(`INSERT INTO account (username, display_name, password_hash, role, agency_id) VALUES ('explain-inspector', 'Explain', 'x', 'INSPECTOR', $1) RETURNING id`, [agency.id]);
  const [team] = await q(`INSERT INTO inspection_team (name, leader_id) VALUES ('Explain team', $1) RETURNING id`, [insp.id]);
  const [tpl] = await q(`INSERT INTO checklist_template (code, name, name_en, site_kinds) VALUES ('EXPLAIN', '清单', 'Checklist', '{HOTEL,VENUE}') RETURNING id`);
  const [ver] = await q(`INSERT INTO checklist_version (template_id, number, status) VALUES ($1, 1, 'DRAFT') RETURNING id`, [tpl.id]);
  await q(`UPDATE checklist_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`, [ver.id]);
  await q(
    `INSERT INTO site (kind, name, address, district, created_at, updated_at)
     SELECT CASE WHEN g % 3 = 0 THEN 'VENUE' ELSE 'HOTEL' END, 'Site ' || g, 'Road ' || g, 'District ' || (g % 10), $1::timestamptz - interval '800 days', $1::timestamptz - interval '800 days'
     FROM generate_series(1, 2000) g`,
    [now],
  );
  await q(
    `INSERT INTO site (kind, name, address, district, road_type, road_name, created_at, updated_at)
     SELECT 'CHECKPOINT', 'Checkpoint ' || g, 'Exit ' || g, 'District ' || (g % 10), 'HIGHWAY_EXIT', 'G' || g, $1::timestamptz - interval '800 days', $1::timestamptz - interval '800 days'
     FROM generate_series(1, 8) g`,
    [now],
  );
  const inspections = Math.ceil(findings / 2);
  await q(
    `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, outcome, submitted_at, started_at, created_at, updated_at)
     SELECT s.id, $2, $3, 'SUBMITTED', (ARRAY['PASS','PASS_WITH_FINDINGS','FAIL'])[1 + g % 3], t, t, t, t
     FROM generate_series(1, $4::int) g
     CROSS JOIN LATERAL (SELECT $1::timestamptz - (g::float8 / $4::int) * interval '730 days' AS t) tt
     JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM site WHERE kind <> 'CHECKPOINT') s ON s.rn = g % 2000`,
    [now, team.id, ver.id, inspections],
  );
  await q(
    `INSERT INTO finding (inspection_id, site_id, team_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version, verified_at, created_at, updated_at)
     SELECT i.id, i.site_id, $1, $2, 'Finding', (ARRAY['CRITICAL','MAJOR','MINOR','MINOR'])[1 + k % 4], st.status, i.submitted_at, i.submitted_at + interval '3 days', 1,
            CASE WHEN st.status = 'VERIFIED' THEN i.submitted_at + interval '2 days' END, i.submitted_at,
            CASE WHEN st.status IN ('VERIFIED','WITHDRAWN') THEN i.submitted_at + interval '2 days' ELSE i.submitted_at END
     FROM inspection i CROSS JOIN generate_series(0, 1) k
     CROSS JOIN LATERAL (SELECT CASE
       WHEN i.submitted_at < $3::timestamptz - interval '30 days' THEN (CASE WHEN (hashtext(i.id::text) + k) % 20 = 0 THEN 'WITHDRAWN' ELSE 'VERIFIED' END)
       ELSE (ARRAY['OPEN','RECTIFICATION_SUBMITTED','VERIFIED','DISPUTED'])[1 + abs(hashtext(i.id::text) + k) % 4] END AS status) st
     WHERE i.team_id = $1`,
    [team.id, insp.id, now],
  );
  await q(
    `INSERT INTO checkpoint_tally (checkpoint_id, shift_date, shift, vehicles_checked, persons_screened, vehicles_turned_back, persons_turned_back, certificates_verified, samples_taken, leaders_on_duty, filed_by_id, created_at)
     SELECT s.id, d::date, sh, 600, 1000, 20, 30, 150, 10, 2, $2, d + interval '20 hours'
     FROM site s CROSS JOIN generate_series($1::timestamptz - interval '730 days', $1::timestamptz - interval '1 day', interval '1 day') d CROSS JOIN unnest(ARRAY['DAY','NIGHT']) sh
     WHERE s.kind = 'CHECKPOINT'`,
    [now, insp.id],
  );
  await q(
    `INSERT INTO dispute (kind, site_id, status, category, reason, lodged_by_id, lodged_at, resolved_at, rationale, created_at, updated_at)
     SELECT 'SITE_CONFLICT', s.id, 'RESOLVED', 'OTHER', '纠纷', $2, t, t, '调解', t, t
     FROM site s CROSS JOIN generate_series(0, 714, 15) k
     CROSS JOIN LATERAL (SELECT $1::timestamptz - (k + (hashtext(s.id::text) % 15 + 15) % 15) * interval '1 day' AS t) tt WHERE s.kind = 'HOTEL'`,
    [now, insp.id],
  );
  await q(
    `INSERT INTO supply_delivery (item_code, site_id, quantity, delivered_at, recorded_by_id, created_at)
     SELECT 'MASK', s.id, 100, $1::timestamptz - (g % 730) * interval '1 day', $2, $1::timestamptz - (g % 730) * interval '1 day'
     FROM generate_series(1, 20000) g JOIN site s ON s.kind = 'CHECKPOINT' AND s.name = 'Checkpoint ' || (1 + g % 8)`,
    [now, insp.id],
  );
  await q(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
     SELECT s.id, 'LOBBY', 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', t, 20, 'op', $2, t
     FROM site s CROSS JOIN generate_series($1::timestamptz - interval '60 days', $1::timestamptz, interval '1 day') t
     WHERE s.kind = 'HOTEL' AND s.name LIKE 'Site 1%'`,
    [now, insp.id],
  );
  const [batch] = await q(`INSERT INTO verification_batch (batch_ref, source, received, needing_verification, imported_by_id) VALUES ('explain', 'GRAPHQL', 0, 0, $1) RETURNING id`, [insp.id]);
  await q(
    `INSERT INTO verification_record (batch_id, external_ref, person_name, phone_masked, reason, needs_verification, created_at, updated_at, received_at)
     SELECT $1, 'E-' || g, 'p', '138****0000', 'r', false, $2::timestamptz - (g % 730) * interval '1 day', $2::timestamptz - (g % 730) * interval '1 day', $2::timestamptz - (g % 730) * interval '1 day'
     FROM generate_series(1, 50000) g`,
    [batch.id, now],
  );
  await q('ANALYZE');
  return { now };
}

/** A period the plans are shown for: the last `days` full days, as of their end. */
export function lastDays(now: Date, days: number, district: string | null = null): ReportArgs {
  const to = new Date(now.getTime() - 86_400_000);
  const from = new Date(to.getTime() - days * 86_400_000);
  return { period: { from, to }, district, asOf: null, cutoff: to };
}

/** The period the whole county's plans are shown for: the last full week, as of its end. */
export const lastWeek = (now: Date, district: string | null = null): ReportArgs => lastDays(now, 7, district);

/**
 * The period a district's plans are shown for: its last 30 days. (Over a week a county is small
 * enough that reading the week's rows of every district can cost less than visiting the
 * district's sites one by one, and the planner may rightly say so.)
 */
export const districtMonth = (now: Date, district: string): ReportArgs => lastDays(now, 30, district);

export async function explainReport(q: Query, args: ReportArgs, analyze = false): Promise<{ name: string; plan: string }[]> {
  const out = [];
  for (const s of reportStatements(args)) {
    const rows = await q(`EXPLAIN ${analyze ? '(ANALYZE) ' : ''}${s.sql}`, s.params);
    out.push({ name: s.name, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
  }
  return out;
}

/** Names of the indexes a plan uses. */
export const indexesIn = (plan: string) => [...new Set([...plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1]))];

/** A DataSource as a Query. */
export const queryOf = (ds: DataSource): Query => (sql, params) => ds.query(sql, params);

async function main() {
  const args = process.argv.slice(2);
  const n = Number(args[args.indexOf('--findings') + 1] || 0) || 100_000;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('set DATABASE_URL (any database on the server; a scratch database is created beside it)');
  const name = `report_explain_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const ds = makeDataSource({ url: url.toString(), poolSize: 2 });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const started = Date.now();
    const { now } = await seedExplainDataset(queryOf(ds), n);
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM finding`);
    console.log(`dataset: ${count} findings (${Date.now() - started} ms); checkpoint days in ${REPORT_TIME_ZONE}`);
    for (const district of [null, 'District 3']) {
      console.log(`\n=== report for the last ${district ? `30 days, district ${district}` : 'week'} ===`);
      for (const { name: section, plan } of await explainReport(queryOf(ds), district ? districtMonth(now, district) : lastWeek(now), args.includes('--analyze'))) {
        const ms = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
        console.log(`\n--- ${section}: indexes ${indexesIn(plan).join(', ') || '(none)'}${ms ? `; ${ms} ms` : ''}\n${plan}`);
      }
    }
  } finally {
    await ds.destroy().catch(() => undefined);
    if (!args.includes('--keep')) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
