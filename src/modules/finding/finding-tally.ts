import type { EntityManager } from 'typeorm';
import { settledSql } from './finding-status';

/*
 * Counting findings without visiting each one. The FindingDeadlineTally migration keeps, per UTC
 * day, how many findings fall due (by severity, status and whether verified in time) and how
 * many were raised (by severity and status), written by triggers in the same transaction as the
 * findings. The open findings due before an instant T (and not paused by a dispute, a key of the
 * deadline tally since migration FindingDeadlinePaused) are then the tally's days before T's day
 * plus T's own day up to T from the open deadline index: a few thousand tally rows and one day of
 * findings, however many findings there are. A range [from, to) is the tally's whole days inside
 * it plus the findings of its two partial days (dayRanges).
 */

const OPEN = settledSql('status', true);

/** The UTC day containing the timestamptz expression `at`, and that day's first instant. */
const dayOf = (at: string) => `(${at} AT TIME ZONE 'UTC')::date`;
const dayStart = (at: string) => `(date_trunc('day', ${at} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;

/**
 * SQL of one row (`n`, `critical`): open findings (as they are now) whose deadline is before the
 * timestamptz expression `at` and not paused by an open dispute (the finding's deadline_paused,
 * a key of the tally), and how many of them are CRITICAL. `severities`, an SQL text[]
 * expression or null, limits both to those severities.
 */
export function openDueBeforeSql(at: string, severities: string | null = null): string {
  const sev = (col: string) => (severities ? ` AND ${col} = ANY(${severities})` : '');
  return `SELECT (t.n + d.n)::int AS n, (t.critical + d.critical)::int AS critical FROM
    (SELECT coalesce(sum(findings), 0) AS n, coalesce(sum(findings) FILTER (WHERE severity = 'CRITICAL'), 0) AS critical
       FROM finding_deadline_tally WHERE ${OPEN} AND NOT deadline_paused AND day < (SELECT ${dayOf(at)})${sev('severity')}) t,
    (SELECT count(*) AS n, count(*) FILTER (WHERE df.severity = 'CRITICAL') AS critical
       FROM finding df WHERE df.${OPEN} AND NOT df.deadline_paused AND df.deadline >= ${dayStart(at)} AND df.deadline < ${at}${sev('df.severity')}) d`;
}

/**
 * findings(filter: { overdue: true }) totalCount for an actor who sees every finding: open,
 * due before `now`, not paused. `severities` narrows it (the severity filter, or CRITICAL for
 * escalated).
 */
export async function countOverdue(em: EntityManager, now: Date, severities: string[] | null): Promise<number> {
  const q = countOverdueSql(now, severities);
  const [row] = await em.query(q.sql, q.params);
  return row.n;
}

/** countOverdue's one statement, with its own $1…$n (the read compiler embeds it). */
export function countOverdueSql(now: Date, severities: string[] | null): { sql: string; params: unknown[] } {
  return { sql: `SELECT n FROM (${openDueBeforeSql('$1::timestamptz', severities ? '$2::text[]' : null)}) o`, params: severities ? [now, severities] : [now] };
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
