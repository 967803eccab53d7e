import type { Client } from 'pg';
import type { Preset } from './presets';
import { BENCH_CHECKLIST } from './presets';
import { personName, rnd, uid } from './people-and-sites';

/**
 * Disinfection entries: each site of a kind with disinfection rules logs its areas round after
 * round, a little more often than the rule's interval, backwards from the anchor, each site at a
 * phase of its own within the interval. The agent,
 * unit and method go together (chlorine 500 mg/L sprayed, alcohol 75 % wiped, UV lamps).
 */
export async function seedDisinfection(c: Client, p: Preset, seed: number, anchor: string) {
  await c.query(
    `CREATE TEMP TABLE scale_area AS
     SELECT site_kind AS kind, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, area, max_interval_hours AS hours FROM disinfection_rule`,
  );
  await c.query(`CREATE TEMP TABLE scale_area_count AS SELECT kind, count(*)::int AS cnt FROM scale_area GROUP BY kind`);
  await c.query(
    `CREATE TEMP TABLE scale_dsite AS
     SELECT (row_number() OVER (ORDER BY s.n) - 1)::int AS rn, s.id AS site_id, s.kind, s.manager_id, ac.cnt
       FROM scale_site s JOIN scale_area_count ac ON ac.kind = s.kind`,
  );
  await c.query(`ALTER TABLE scale_dsite ADD PRIMARY KEY (rn)`);
  const r = (tag: string) => rnd(seed, `dis-${tag}`, 'g');
  // Each site's own rhythm: its rounds start at a phase of its own within the interval, as sites
  // keep their own hours (with every site in step, the entries in flight at an instant and the
  // lapses beginning in an hour swung from none to every site within a few hours of the day).
  const phase = rnd(seed, 'dis-phase', 'd.rn');
  await c.query(
    `INSERT INTO disinfection_entry (id, site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, prev_started_at, next_started_at)
     SELECT id, site_id, area, agent, concentration, unit, method, started_at, minutes, operator, manager_id, recorded_at,
            -- each entry's neighbours in its area (the log holds no correction): the last start before
            -- it (a frame that only grows: no EXCLUDE, which would rescan it per row), and the first
            -- at or after it but itself (another at the same instant, else the next row's)
            coalesce(max(started_at) OVER (w ORDER BY started_at RANGE BETWEEN UNBOUNDED PRECEDING AND interval '1 microsecond' PRECEDING), '-infinity'),
            CASE WHEN lag(started_at) OVER (w ORDER BY started_at) = started_at THEN started_at
                 ELSE coalesce(lead(started_at) OVER (w ORDER BY started_at), 'infinity') END
       FROM (SELECT ${uid(seed, 'dis', 'g')} AS id, d.site_id, a.area, x.agent, x.concentration, x.unit, x.method, x.started_at, x.minutes, ${personName(seed, 'operator', 'd.rn % 7')} AS operator,
            d.manager_id, x.started_at + make_interval(mins => x.minutes + 5) AS recorded_at, s.g
       FROM (SELECT g, g % (SELECT count(*) FROM scale_dsite) AS rn, g / (SELECT count(*) FROM scale_dsite) AS e FROM generate_series(0, $1::bigint - 1) AS g) s
       JOIN scale_dsite d ON d.rn = s.rn
       JOIN scale_area a ON a.kind = d.kind AND a.idx = s.e % d.cnt
       CROSS JOIN LATERAL (
         SELECT CASE WHEN k < 0.6 THEN 'CHLORINE' WHEN k < 0.85 THEN 'ALCOHOL' WHEN k < 0.95 THEN 'UV' ELSE 'PERACETIC_ACID' END AS agent,
                CASE WHEN k < 0.6 THEN 500 WHEN k < 0.85 THEN 75 WHEN k < 0.95 THEN NULL ELSE 0.2 END::double precision AS concentration,
                CASE WHEN k < 0.6 THEN 'MG_PER_L' WHEN k < 0.85 THEN 'PERCENT' WHEN k < 0.95 THEN 'NONE' ELSE 'PERCENT' END AS unit,
                CASE WHEN k < 0.6 THEN 'SPRAY' WHEN k < 0.85 THEN 'WIPE' WHEN k < 0.95 THEN 'UV' ELSE 'FUMIGATION' END AS method,
                10 + floor(${r('min')} * 50)::int AS minutes,
                $2::timestamptz - make_interval(secs => (s.e / d.cnt) * a.hours * 3600 * 0.9 + ${phase} * a.hours * 3600 * 0.9 + a.idx * 420 + ${r('jitter')} * 1200) AS started_at
           FROM (SELECT ${r('agent')} AS k) kk) x) n
      WINDOW w AS (PARTITION BY site_id, area)
      ORDER BY g -- (the table's rows in the order they had without the neighbours)`,
    [p.disinfectionEntries, anchor],
  );
}

/**
 * A 40-item hotel checklist (the size of a full provincial checklist): the filing benchmark
 * answers all 40 items. YES_NO, NUMBER and CHOICE items, none needing evidence.
 */
export async function seedBenchChecklist(c: Client, seed: number) {
  const t = uid(seed, 'bench-template', "'t'");
  const v = uid(seed, 'bench-version', "'v'");
  await c.query(`INSERT INTO checklist_template (id, code, name, name_en, site_kinds) VALUES (${t}, $1, '宾馆疫情防控全面检查表（40项）', 'Hotel epidemic-prevention full checklist (40 items)', '{HOTEL}')`, [BENCH_CHECKLIST]);
  await c.query(`INSERT INTO checklist_version (id, template_id, number, status) VALUES (${v}, ${t}, 1, 'DRAFT')`);
  await c.query(
    `INSERT INTO checklist_item (version_id, code, position, category, prompt_zh, prompt_en, severity, answer_type, min_value, max_value, unit, choices, evidence_required, weight, site_kinds)
     SELECT ${v}, 'FULL.' || lpad(n::text, 2, '0'), n - 1, '综合 General', '检查项 ' || n, 'Check item ' || n,
            CASE WHEN n % 10 = 1 THEN 'CRITICAL' WHEN n % 3 = 0 THEN 'MINOR' ELSE 'MAJOR' END,
            CASE WHEN n % 8 = 4 THEN 'NUMBER' WHEN n % 8 = 6 THEN 'CHOICE' ELSE 'YES_NO' END,
            NULL, CASE WHEN n % 8 = 4 THEN 37.3 END, CASE WHEN n % 8 = 4 THEN '℃' END,
            CASE WHEN n % 8 = 6 THEN '[{"value":"ALL","labelZh":"全部","labelEn":"all","compliant":true},{"value":"SOME","labelZh":"部分","labelEn":"some","compliant":false}]'::jsonb ELSE '[]'::jsonb END,
            false, 1, '{}'
       FROM generate_series(1, 40) AS n`,
  );
  await c.query(`UPDATE checklist_version SET status = 'PUBLISHED', published_at = now() WHERE id = ${v}`);
}
