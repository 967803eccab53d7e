import type { EntityManager } from 'typeorm';

/*
 * Counting findings without visiting each one. The FindingDeadlineTally migration keeps, per UTC
 * day, how many findings fall due (by severity, status and whether verified in time) and how
 * many were raised (by severity and status), written by triggers in the same transaction as the
 * findings. The open findings due before an instant T are then the tally's days before T's day
 * plus T's own day up to T from the open deadline index: a few thousand tally rows and one day of
 * findings, however many findings there are. A range [from, to) is the tally's whole days inside
 * it plus the findings of its two partial days (dayRanges).
 */

const OPEN = `status NOT IN ('VERIFIED','WITHDRAWN')`;

/** The UTC day containing the timestamptz expression `at`, and that day's first instant. */
const dayOf = (at: string) => `(${at} AT TIME ZONE 'UTC')::date`;
const dayStart = (at: string) => `(date_trunc('day', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;

/**
 * SQL of one row (`n`, `critical`): open findings (as they are now) whose deadline is before the
 * timestamptz expression `at`, and how many of them are CRITICAL. `severities`, an SQL text[]
 * expression or null, limits both to those severities.
 */
export function openDueBeforeSql(at: string, severities: string | null = null): string {
  const sev = (col: string) => (severities ? ` AND ${col} = ANY(${severities})` : '');
  return `SELECT (t.n + d.n)::int AS n, (t.critical + d.critical)::int AS critical FROM
    (SELECT coalesce(sum(findings), 0) AS n, coalesce(sum(findings) FILTER (WHERE severity = 'CRITICAL'), 0) AS critical
       FROM finding_deadline_tally WHERE ${OPEN} AND day < ${dayOf(at)}${sev('severity')}) t,
    (SELECT count(*) AS n, count(*) FILTER (WHERE df.severity = 'CRITICAL') AS critical
       FROM finding df WHERE df.${OPEN} AND df.deadline >= ${dayStart(at)} AND df.deadline < ${at}${sev('df.severity')}) d`;
}

/**
 * Open findings due before `at` whose deadline an open dispute pauses now (the dispute module's
 * rule: see deadlinePausedSql), driven from the disputes that pause, of which there are few: at
 * most one open dispute per finding.
 */
export function pausedNowSql(at: string, severities: string | null = null): string {
  return `SELECT count(*)::int AS n, count(*) FILTER (WHERE pf.severity = 'CRITICAL')::int AS critical
    FROM finding pf
    WHERE pf.id IN (SELECT pd.finding_id FROM dispute pd WHERE pd.status IN ('LODGED','UNDER_REVIEW') AND pd.deadline_paused)
      AND pf.${OPEN} AND pf.deadline < ${at}${severities ? ` AND pf.severity = ANY(${severities})` : ''}`;
}

/**
 * findings(filter: { overdue: true }) totalCount for an actor who sees every finding: open,
 * due before `now`, not paused. `severities` narrows it (the severity filter, or CRITICAL for
 * escalated).
 */
export async function countOverdue(em: EntityManager, now: Date, severities: string[] | null): Promise<number> {
  const sev = severities ? '$2::text[]' : null;
  const [row] = await em.query(
    `SELECT (o.n - p.n)::int AS n FROM (${openDueBeforeSql('$1::timestamptz', sev)}) o, (${pausedNowSql('$1::timestamptz', sev)}) p`,
    severities ? [now, severities] : [now],
  );
  return row.n;
}

/**
 * Folds the tally's appended rows into one per (day, severity); returns how many rows it
 * replaced. Safe at any time and from several processes at once: readers' sums do not change.
 */
export async function foldFindingTally(em: EntityManager): Promise<number> {
  const [row] = await em.query(`SELECT finding_deadline_tally_fold_all() AS n`);
  return row.n;
}

/**
 * A range [from, to) of timestamptz SQL expressions cut at UTC midnights: the whole days
 * `[firstDay, endDay)` (as dates; empty when the range holds no whole day) and the two partial
 * stretches at its ends, `[from, headEnd)` and `[tailStart, to)`, of which the second is empty
 * when the range lies within one day. Together they are exactly [from, to), once each.
 */
export function dayRanges(from: string, to: string) {
  const firstMidnight = `(date_trunc('day', ${from} AT TIME ZONE 'UTC') + CASE WHEN date_trunc('day', ${from} AT TIME ZONE 'UTC') < (${from} AT TIME ZONE 'UTC') THEN interval '1 day' ELSE interval '0' END)`;
  const lastMidnight = `date_trunc('day', ${to} AT TIME ZONE 'UTC')`;
  const tz = (local: string) => `(${local} AT TIME ZONE 'UTC')`;
  return {
    firstDay: `${firstMidnight}::date`,
    endDay: `${lastMidnight}::date`,
    headEnd: `least(${tz(firstMidnight)}, ${to})`,
    tailStart: `greatest(${tz(lastMidnight)}, ${tz(firstMidnight)})`,
  };
}
