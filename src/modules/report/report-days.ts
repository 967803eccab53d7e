import type { DataSource } from 'typeorm';
import { withoutDeadline } from '../../common/deadline';
import { liftStatementTimeoutSql } from '../../db/data-source';
import { BITS_OF_WORDS, DAY_SET_BITS, WORDS, inspectionKnownAt as knownAt, jointAt } from './report.sql';

/*
 * The day sets of the whole-area report (migrations ComplianceDaySets, InspectionDaySets,
 * DisputeDaySets), and the compliance's and the inspections' hour sets (ComplianceDaySets,
 * InspectionHourSets): built on demand, by the report, for the closed
 * UTC days (and hours) of its period that are not built yet. A built day stays until a write
 * changes what it holds (triggers drop it), so the report after it finds it built; the first
 * report of a new day (or hour) builds that one, and a report over a long-past period builds its
 * days once.
 */

const DAY = 86_400_000;
const utcDay = (t: number) => Math.floor(t / DAY) * DAY;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The whole UTC days within [from, e], as YYYY-MM-DD (closed ones: E is never after now). */
export function wholeDays(from: Date, e: Date): string[] {
  const last = utcDay(e.getTime());
  const days: string[] = [];
  for (let d = utcDay(from.getTime() + DAY - 1); d + DAY <= last; d += DAY) days.push(iso(d));
  return days;
}

export type DaySection = 'compliance' | 'inspections' | 'disputes_lodged' | 'disputes_resolved';
/** The compliance's hour sets (migrations ComplianceDaySets, ComplianceThroughSets): keyed by the hour's start, ISO. */
export type ComplianceHourSection = 'touch' | 'open' | 'open_before' | 'through';
/** And the inspections' (migration InspectionHourSets). */
export type HourSection = ComplianceHourSection | 'inspections';

const HOUR = 3_600_000;
const utcHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const hoursIn = (a: number, z: number) => {
  const out: string[] = [];
  for (let h = a; h + HOUR <= z; h += HOUR) out.push(new Date(h).toISOString());
  return out;
};

/**
 * The hour sets a whole-area compliance over [from, E] reads: the whole hours of its partial end
 * days (touch), and for "in breach at E" the hours of E's day before E's own (open), that day's
 * midnight (open_before) and, when E's hour has ended by `now`, that hour (through: the ended
 * lapses covering it; an hour not ended yet changes with every entry, and E is then so recent that
 * few ended lapses are under way at it). None for a period within one hour.
 */
export function complianceHours(from: Date, e: Date, now: Date = e): Record<ComplianceHourSection, string[]> {
  const f = from.getTime();
  const t = e.getTime();
  const d1 = utcDay(f + DAY - 1);
  const d2 = utcDay(t);
  const touch = d1 <= d2 ? [...hoursIn(utcHour(f + HOUR - 1), d1), ...hoursIn(d2, utcHour(t))] : hoursIn(utcHour(f + HOUR - 1), utcHour(t));
  return { touch, open: hoursIn(d2, utcHour(t)), open_before: [new Date(d2).toISOString()], through: utcHour(t) + HOUR <= now.getTime() ? [new Date(utcHour(t)).toISOString()] : [] };
}

/**
 * The hour sets a whole-area report's inspections over [from, end) read as of `cutoff`
 * (inspectionsDaysSql): the closed whole hours of its partial end days, and of the cutoff's day
 * before the cutoff's hour when that day is a whole day of the period. `end` is the period's end,
 * or now if earlier (no hour after now is closed).
 */
export function inspectionHours(from: Date, end: Date, cutoff: Date): string[] {
  const f = from.getTime();
  const t = end.getTime();
  const d1 = utcDay(f + DAY - 1);
  const d2 = utcDay(t);
  const out = d1 <= d2 ? [...hoursIn(utcHour(f + HOUR - 1), d1), ...hoursIn(d2, utcHour(t))] : hoursIn(utcHour(f + HOUR - 1), utcHour(t));
  const c = cutoff.getTime();
  const dc = utcDay(c);
  if (dc >= d1 && dc + DAY <= d2) out.push(...hoursIn(dc, utcHour(c)));
  return out;
}

/**
 * Builds the days of each section that are missing: one statement to find whether any is, then
 * one transaction under the exclusive form of the day sets' lock. Writers that change a day take
 * the shared form before they drop it, so the build's snapshot, taken once it holds the lock, has
 * every write that committed before it, and any write after it drops what it built. (One lock
 * for every section: a writer may change days of several, and no order of two locks can
 * deadlock.) Returns the days built.
 */
const missingSql = `SELECT w.section, d::date AS day FROM jsonb_each($1::jsonb) w(section, days), jsonb_array_elements_text(w.days) d
     WHERE NOT EXISTS (SELECT 1 FROM report_day r WHERE r.section = w.section AND r.day = d::date)`;
const missingHoursSql = `SELECT w.section, h::timestamptz AS hour FROM jsonb_each($1::jsonb) w(section, hours), jsonb_array_elements_text(w.hours) h
     WHERE NOT EXISTS (SELECT 1 FROM report_hour r WHERE r.section = w.section AND r.hour = h::timestamptz)`;

function wantedSets(wanted: Partial<Record<DaySection, string[]>>, hours: Partial<Record<HourSection, string[]>>) {
  const sections = (Object.keys(wanted) as DaySection[]).filter((k) => wanted[k]!.length);
  const hourSections = (Object.keys(hours) as HourSection[]).filter((k) => hours[k]!.length);
  const want = JSON.stringify(Object.fromEntries(sections.map((k) => [k, wanted[k]])));
  const wantHours = JSON.stringify(Object.fromEntries(hourSections.map((k) => [k, hours[k]])));
  return { sections, hourSections, want, wantHours };
}

/**
 * How many of the wanted day and hour sets are not built, in one statement (on the primary before
 * a build; on a read replica, to refuse one that has not replayed the sets yet).
 */
export async function countMissingDays(q: { query(sql: string, params?: unknown[]): Promise<any> }, wanted: Partial<Record<DaySection, string[]>>, hours: Partial<Record<HourSection, string[]>> = {}): Promise<number> {
  const { sections, hourSections, want, wantHours } = wantedSets(wanted, hours);
  if (!sections.length && !hourSections.length) return 0;
  const [{ missing }] = await q.query(
    `SELECT (SELECT count(*) FROM (${missingSql}) m) + (SELECT count(*) FROM (${missingHoursSql.replaceAll('$1', '$2')}) m) AS missing`,
    [want, wantHours],
  );
  return Number(missing);
}

export async function ensureReportDays(ds: DataSource, wanted: Partial<Record<DaySection, string[]>>, hours: Partial<Record<HourSection, string[]>> = {}): Promise<number> {
  if (!(await countMissingDays(ds, wanted, hours))) return 0;
  return buildMissing(ds, wanted, hours);
}

/**
 * What a report does before it reads (report.service.ts): when some of its sets are missing,
 * starts building them (one transaction, as ensureReportDays) and waits for the build at most
 * waitMs. A build that takes longer (a fresh or bulk-loaded database: seconds at province) goes
 * on in the background while the report answers, reading the rows of the days and hours not built
 * yet as its statements do for any day without a set; the reports after it find them built.
 * The build's failure is logged, never thrown at the report (it reads the rows instead).
 * While the hub's pass at start (warmReportSets) is running on this data source, it neither
 * builds nor waits: on a fresh copy the first report waited the whole waitMs for a build that
 * queued behind the pass's chunk, then built its month beside the pass while it read.
 */
export async function ensureReportDaysWithin(
  ds: DataSource,
  wanted: Partial<Record<DaySection, string[]>>,
  hours: Partial<Record<HourSection, string[]>>,
  waitMs: number,
  log: { warn(o: object, msg: string): void },
): Promise<void> {
  // The hub's pass at start is building the sets (a fresh or bulk-loaded database): building the
  // same ones beside it, or waiting for them, would only slow this report down. It reads the rows
  // of the days the pass has not reached yet.
  if (warming.has(ds)) return;
  if (!(await countMissingDays(ds, wanted, hours))) return;
  const build = buildMissing(ds, wanted, hours).catch((err) => log.warn({ err }, 'building the report day sets failed; reports read the rows meanwhile'));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([build, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
  clearTimeout(timer);
}

/**
 * The sets `warmReportSets` builds at `now`: the days (newest first) and hours of the last
 * `periods` days, as `countMissingDays` takes them (a benchmark waits until none is missing).
 */
export function warmSetsWanted(now: Date, periods = [30, 90]) {
  const longest = Math.max(...periods);
  // Newest first: the last 30 days' report is the common one.
  const days = wholeDays(new Date(now.getTime() - longest * DAY), now).reverse();
  const hours: Partial<Record<HourSection, string[]>>[] = periods.map((n) => ({
    ...complianceHours(new Date(now.getTime() - n * DAY), now),
    inspections: inspectionHours(new Date(now.getTime() - n * DAY), now, now),
  }));
  const all = { inspections: days, disputes_lodged: days, disputes_resolved: days, compliance: days };
  const allHours = Object.fromEntries(
    (['touch', 'open', 'open_before', 'inspections'] as const).map((k) => [k, [...new Set(hours.flatMap((h) => h[k] ?? []))]]),
  ) as Record<HourSection, string[]>;
  return { days, hours, all, allHours };
}

/**
 * The sets of the whole-area reports of the last `days` days up to now (30 and 90 by default),
 * built in the background a few days at a time (each chunk its own short transaction, so writers
 * that drop days wait for one chunk at most): called once the hub is up (src/main.ts), so that
 * its first reports on a fresh or bulk-loaded database find them built. Failures are logged.
 */
export function warmReportSets(ds: DataSource, log: { info(o: object, msg: string): void; warn(o: object, msg: string): void }, periods = [30, 90], chunkDays = 4): Promise<void> {
  warming.add(ds);
  const work = async () => {
    const t0 = Date.now();
    let built = 0;
    const { days, hours, all, allHours } = warmSetsWanted(new Date(), periods);
    // A restart usually finds them all built: one statement says so.
    if (!(await countMissingDays(ds, all, allHours))) return;
    for (let i = 0; i < days.length; i += chunkDays) {
      const chunk = days.slice(i, i + chunkDays);
      built += await ensureReportDays(ds, { inspections: chunk, disputes_lodged: chunk, disputes_resolved: chunk, compliance: chunk });
    }
    for (const h of hours) built += await ensureReportDays(ds, {}, h);
    if (built) log.info({ built, ms: Date.now() - t0 }, 'report day sets built');
  };
  return work()
    .catch((err) => log.warn({ err }, 'building the report day sets at startup failed; reports build them as they need them'))
    .finally(() => warming.delete(ds));
}

/** The data sources whose pass at start (warmReportSets) is still running. */
const warming = new Set<DataSource>();

async function buildMissing(ds: DataSource, wanted: Partial<Record<DaySection, string[]>>, hours: Partial<Record<HourSection, string[]>>): Promise<number> {
  const { sections, hourSections, want, wantHours } = wantedSets(wanted, hours);
  // Background work on the request's behalf: free of its deadline, with the longer statement timeout.
  return withoutDeadline(() => ds.transaction(async (em) => {
    await em.query(`SELECT ${liftStatementTimeoutSql(em)}, pg_advisory_xact_lock(727012, 0)`);
    let built = 0;
    if (sections.length) {
      const made: { section: DaySection; day: string }[] = await em.query(
        `INSERT INTO report_day (section, day) SELECT section, day FROM (${missingSql}) m ON CONFLICT DO NOTHING RETURNING section, day::text`,
        [want],
      );
      for (const section of sections) {
        const days = made.filter((m) => m.section === section).map((m) => m.day);
        if (days.length) await em.query(BUILD[section], [days]);
      }
      built += made.length;
    }
    if (hourSections.length) {
      const made: { section: HourSection; hour: Date }[] = await em.query(
        `INSERT INTO report_hour (section, hour) SELECT section, hour FROM (${missingHoursSql}) m ON CONFLICT DO NOTHING RETURNING section, hour`,
        [wantHours],
      );
      for (const section of hourSections) {
        const hs = made.filter((m) => m.section === section).map((m) => new Date(m.hour).toISOString());
        if (hs.length) await em.query(BUILD_HOURS[section], [hs]);
      }
      built += made.length;
    }
    return built;
  }));
}

/**
 * Per day ($1, dates; column `day`) or hour ($1, the hours' starts; column `hour`) and site kind:
 * the visits submitted in it (not corrections, submitted or closed) with the outcome of their
 * latest correction, each with its site's slot, and when each visit or correction became known
 * (as the report's statement has it).
 */
const VISITS = (unit: 'day' | 'hour') => {
  // Each unit's start and end as UTC timestamps (the form of the submitted index).
  const [type, a, z] =
    unit === 'day' ? ['date', `d.${unit}`, `d.${unit} + 1`] : ['timestamptz', `(d.${unit} AT TIME ZONE 'UTC')`, `((d.${unit} + interval '1 hour') AT TIME ZONE 'UTC')`];
  return `
  WITH units AS (SELECT unnest($1::${type}[]) AS ${unit}),
  v AS (
    SELECT d.${unit}, i.id, i.site_id, i.outcome, ${knownAt('i')} AS known_at, ${jointAt('i')} AS joint
    FROM units d JOIN inspection i ON i.status IN ('SUBMITTED','CLOSED') AND i.corrects_inspection_id IS NULL
     AND (i.submitted_at AT TIME ZONE 'UTC') >= ${a} AND (i.submitted_at AT TIME ZONE 'UTC') < ${z}
  ), c AS ( -- their corrections, submitted after them: the index of corrections bounds the scan
    SELECT c.corrects_inspection_id AS id, c.id AS cid, c.outcome, c.submitted_at, ${knownAt('c')} AS known_at FROM inspection c
    WHERE c.corrects_inspection_id IS NOT NULL AND c.status IN ('SUBMITTED','CLOSED')
      AND (c.submitted_at AT TIME ZONE 'UTC') >= (SELECT min(${a}) FROM units d) AND c.corrects_inspection_id IN (SELECT id FROM v)
  ), corr AS (
    SELECT DISTINCT ON (id) id, outcome FROM c ORDER BY id, submitted_at DESC, cid DESC
  ), visit AS (
    SELECT v.${unit}, s.kind, ss.slot, coalesce(corr.outcome, v.outcome) AS outcome, v.joint, greatest(v.known_at, (SELECT max(c.known_at) FROM c WHERE c.id = v.id)) AS known_at,
           v.known_at AS visit_known_at
    FROM v JOIN site s ON s.id = v.site_id JOIN site_slot ss ON ss.site_id = v.site_id LEFT JOIN corr ON corr.id = v.id
  )`;
};

/**
 * Builds the inspections' days or hours ($1) just inserted into report_day or report_hour: their
 * counts (report_day_inspections, report_hour_inspections), their sets of sites (report_day_set;
 * report_hour_set, what 's') and when their first and last visit became known.
 */
const BUILD_VISITS = (unit: 'day' | 'hour') => {
  const [type, what, whatValue] = unit === 'day' ? ['date', '', ''] : ['timestamptz', ' what,', " 's',"];
  return `${VISITS(unit)},
  visit_words AS MATERIALIZED (${WORDS(`(SELECT ${unit}, kind, slot AS p FROM visit)`, [unit, 'kind'])}
  ), counts AS (
    INSERT INTO report_${unit}_inspections (${unit}, kind, total, pass, pass_with_findings, fail, joint)
    SELECT ${unit}, kind, count(*), count(*) FILTER (WHERE outcome = 'PASS'), count(*) FILTER (WHERE outcome = 'PASS_WITH_FINDINGS'), count(*) FILTER (WHERE outcome = 'FAIL'), count(*) FILTER (WHERE joint)
    FROM visit GROUP BY ${unit}, kind
  ), sets AS (
    INSERT INTO report_${unit}_set (section, ${unit}, kind,${what} chunk, bits)
    SELECT 'inspections', ${unit}, kind,${whatValue} chunk, bits FROM (${BITS_OF_WORDS('visit_words', [unit, 'kind'])}) b
  )
  UPDATE report_${unit} r SET known_until = coalesce((SELECT max(known_at) FROM visit WHERE visit.${unit} = r.${unit}), '-infinity'),
    known_from = coalesce((SELECT min(visit_known_at) FROM visit WHERE visit.${unit} = r.${unit}), 'infinity')
  WHERE r.section = 'inspections' AND r.${unit} = ANY($1::${type}[])`;
};

/** The counts and sets of the days or hours ($1) as the inspections now say (what a built one must hold: tests compare the two). */
const VISITS_NOW = (unit: 'day' | 'hour') => `${VISITS(unit)}
  SELECT ${unit}, kind, count(*)::int AS total, (count(*) FILTER (WHERE outcome = 'PASS'))::int AS pass,
         (count(*) FILTER (WHERE outcome = 'PASS_WITH_FINDINGS'))::int AS pass_with_findings, (count(*) FILTER (WHERE outcome = 'FAIL'))::int AS fail,
         (count(*) FILTER (WHERE joint))::int AS joint,
         array_agg(DISTINCT slot ORDER BY slot) AS slots, max(known_at) AS known_until, min(visit_known_at) AS known_from
  FROM visit GROUP BY ${unit}, kind`;
export const DAY_INSPECTIONS_SQL = VISITS_NOW('day');
export const HOUR_INSPECTIONS_SQL = VISITS_NOW('hour');

/**
 * Per hour ($1, the hours' starts) of an hour section, kind, what and chunk: the bits it must
 * hold, as the lapses are now (tests compare the stored ones with these). touch: the required
 * areas with a lapse touching [hour, hour + 1 h); open: the areas ('a') and sites ('s') whose
 * open-ended lapse began in it; open_before: those whose open-ended lapse began before it;
 * through: those with an ended lapse that began before it and ends at its end or later (through
 * the range index).
 */
export const HOUR_SETS_SQL = (section: ComplianceHourSection) => `
  WITH hours AS (SELECT unnest($1::timestamptz[]) AS hour),
  rule AS (
    SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
    FROM disinfection_rule
  ), lapse AS (${
    section === 'touch'
      ? `
    SELECT h.hour, l.site_id, l.area FROM hours h JOIN disinfection_lapse l
      ON tstzrange(l.lapse_from, l.gap_to, '[]') && tstzrange(h.hour, h.hour + interval '1 hour', '[]')
     AND l.gap_to > h.hour AND l.lapse_from < h.hour + interval '1 hour'`
      : section === 'open'
        ? `
    SELECT h.hour, l.site_id, l.area FROM hours h JOIN disinfection_lapse l
      ON l.gap_to = 'infinity' AND l.lapse_from >= h.hour AND l.lapse_from < h.hour + interval '1 hour'`
        : section === 'open_before'
          ? `
    SELECT h.hour, l.site_id, l.area FROM hours h JOIN disinfection_lapse l ON l.gap_to = 'infinity' AND l.lapse_from < h.hour`
          : `
    SELECT h.hour, l.site_id, l.area FROM hours h JOIN disinfection_lapse l
      ON tstzrange(l.lapse_from, l.gap_to, '[]') @> tstzrange(h.hour, h.hour + interval '1 hour', '[]')
     AND l.gap_to <> 'infinity' AND l.lapse_from < h.hour AND l.gap_to >= h.hour + interval '1 hour'`
  }
  ), hit AS (
    SELECT DISTINCT l.hour, ss.kind, w.what, CASE w.what WHEN 'a' THEN ss.slot * r.n + r.idx ELSE ss.slot END AS p
    FROM lapse l JOIN site_slot ss ON ss.site_id = l.site_id JOIN rule r ON r.site_kind = ss.kind AND r.area = l.area
    CROSS JOIN (VALUES ${section === 'touch' ? "('a')" : "('a'), ('s')"}) w(what)
  ), words AS MATERIALIZED (${WORDS('hit', ['hour', 'kind', 'what'])})
  ${BITS_OF_WORDS('words', ['hour', 'kind', 'what'])}`;

const BUILD_HOURS: Record<HourSection, string> = {
  ...(Object.fromEntries(
    (['touch', 'open', 'open_before', 'through'] as const).map((k) => [
      k,
      `INSERT INTO report_hour_set (section, hour, kind, what, chunk, bits) SELECT '${k}', s.hour, s.kind, s.what, s.chunk, s.bits FROM (${HOUR_SETS_SQL(k)}) s`,
    ]),
  ) as Record<ComplianceHourSection, string>),
  inspections: BUILD_VISITS('hour'),
};

/** The compliance days alone (tests, scripts). */
export const ensureComplianceDays = (ds: DataSource, days: string[]) => ensureReportDays(ds, { compliance: days });

/**
 * Per day ($1, dates), kind and chunk: the bits of the required areas with a lapse touching the
 * day, of the sites created before the day ended, as the lapses are now (what a built day must
 * hold: tests compare the two). The report reads the bits only of sites created by the start of
 * its period.
 */
export const DAY_SETS_SQL = `
  WITH days AS (SELECT unnest($1::date[]) AS day),
  rule AS (
    SELECT site_kind, area, (row_number() OVER (PARTITION BY site_kind ORDER BY area) - 1)::int AS idx, (count(*) OVER (PARTITION BY site_kind))::int AS n
    FROM disinfection_rule
  ), hit AS (
    SELECT DISTINCT d.day, ss.kind, ss.slot * r.n + r.idx AS p
    FROM days d
    JOIN disinfection_lapse l
      ON tstzrange(l.lapse_from, l.gap_to, '[]') && tstzrange(d.day::timestamp AT TIME ZONE 'UTC', (d.day + 1)::timestamp AT TIME ZONE 'UTC', '[]')
     AND l.gap_to > (d.day::timestamp AT TIME ZONE 'UTC') AND l.lapse_from < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
    JOIN site s ON s.id = l.site_id AND s.created_at < ((d.day + 1)::timestamp AT TIME ZONE 'UTC')
    JOIN site_slot ss ON ss.site_id = l.site_id
    JOIN rule r ON r.site_kind = ss.kind AND r.area = l.area
  ), words AS MATERIALIZED (${WORDS('hit', ['day', 'kind'])})
  ${BITS_OF_WORDS('words', ['day', 'kind'])}`;


/**
 * Per day ($1, dates) of a disputes section: the disputes lodged (disputes_lodged, per kind) or
 * resolved (disputes_resolved, per kind and outcome, with the hours finding disputes took), and
 * when the last of them became known as it stands (what a built day must hold: tests compare).
 */
const DAY_DISPUTES = {
  disputes_lodged: `
    SELECT (d.lodged_at AT TIME ZONE 'UTC')::date AS day, d.kind, NULL::varchar AS outcome, count(*)::int AS disputes, NULL::float8[] AS hours, max(d.created_at) AS known_at,
           min(d.created_at) AS known_from
    FROM unnest($1::date[]) x(day) JOIN dispute d ON d.lodged_at >= (x.day::timestamp AT TIME ZONE 'UTC') AND d.lodged_at < ((x.day + 1)::timestamp AT TIME ZONE 'UTC')
    GROUP BY 1, 2`,
  disputes_resolved: `
    SELECT (d.resolved_at AT TIME ZONE 'UTC')::date AS day, d.kind, d.outcome, count(*)::int AS disputes,
           array_agg(extract(epoch FROM d.resolved_at - d.lodged_at) / 3600 ORDER BY d.id) FILTER (WHERE d.kind = 'FINDING') AS hours,
           max(greatest(d.created_at, d.updated_at, d.resolved_at)) AS known_at, NULL::timestamptz AS known_from
    FROM unnest($1::date[]) x(day) JOIN dispute d ON (d.resolved_at AT TIME ZONE 'UTC') >= x.day AND (d.resolved_at AT TIME ZONE 'UTC') < x.day + 1
    WHERE d.status = 'RESOLVED'
    GROUP BY 1, 2, 3`,
};
export const DAY_DISPUTES_SQL = (section: keyof typeof DAY_DISPUTES) => DAY_DISPUTES[section];

const buildDisputes = (section: keyof typeof DAY_DISPUTES) => `
  WITH x AS (${DAY_DISPUTES[section]}),
  ins AS (INSERT INTO report_day_disputes (section, day, kind, outcome, disputes, hours) SELECT '${section}', day, kind, outcome, disputes, hours FROM x)
  UPDATE report_day r SET known_until = coalesce((SELECT max(known_at) FROM x WHERE x.day = r.day), '-infinity'),
    known_from = ${section === 'disputes_lodged' ? `coalesce((SELECT min(known_from) FROM x WHERE x.day = r.day), 'infinity')` : 'NULL'}
  WHERE r.section = '${section}' AND r.day = ANY($1::date[])`;

const BUILD: Record<DaySection, string> = {
  compliance: `INSERT INTO report_day_set (section, day, kind, chunk, bits) SELECT 'compliance', s.day, s.kind, s.chunk, s.bits FROM (${DAY_SETS_SQL}) s`,
  inspections: BUILD_VISITS('day'),
  disputes_lodged: buildDisputes('disputes_lodged'),
  disputes_resolved: buildDisputes('disputes_resolved'),
};

