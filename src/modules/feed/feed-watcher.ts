import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { insertHubEvents, type NewHubEvent } from '../../common/outbox';
import { foldFindingTally } from '../finding/finding-tally';
import { settledSql } from '../finding/finding-status';

/**
 * Events that come from the clock rather than from a mutation: a finding passing its deadline
 * (escalated when CRITICAL), a site's required area passing its disinfection interval. Each scan
 * is one transaction under a transaction-scoped advisory lock (one process at a time) that
 * writes the events to the outbox together with what marks them announced, so with several hub
 * processes each is announced exactly once, and only if the scan commits.
 *
 * - Overdue findings come from `feed_overdue_pending` (kept by triggers on `finding`, migration
 *   FeedOutbox): every open, unpaused finding whose current deadline was not yet announced. The
 *   scan deletes the rows whose deadline has passed and announces those findings, so a finding
 *   filed already overdue, or whose pause ended after its deadline, is announced too.
 * - Compliance breaches come from `feed_open_lapse` (kept by a trigger on `disinfection_lapse`,
 *   migration FeedBreachQueue): each required area's open-ended lapse, and whether it was
 *   announced. The scan announces and marks those due by now, so a breach that began in the past
 *   (an entry recorded late or corrected, a rule added or shortened, a site created or reopened
 *   already overdue) is announced at the next scan, once; an area never logged breaches one
 *   interval after its site was created.
 * - Retention: outbox rows recorded more than `retentionDays` before now are deleted, and the
 *   last deleted position kept ('outbox'), so an older cursor is refused rather than silently
 *   missing events.
 */
export interface FeedWatcher {
  scanNow(): Promise<number>;
  stop(): Promise<void>;
}

const LOCK = 727_003;
/** Findings, and breaches, announced per transaction; a fuller backlog continues at once in the next one. */
const BATCH = 1000;
const PRUNE_BATCH = 5000;

/**
 * Takes the required areas whose breach is due and not yet announced (`feed_open_lapse`, kept by
 * a trigger on disinfection_lapse, migration FeedBreachQueue): one partial-index range. A lapse
 * that opens at the area's origin (never logged since the site's registration or the rule's start,
 * migration DisinfectionOrigin) has no entry at its start: announced with no last entry. Rows of
 * a site no longer active, or of an area its kind no longer requires, are taken without an event.
 */
export const dueBreachesSql = (batch: number) => `
  WITH d AS (
    SELECT site_id, area FROM feed_open_lapse WHERE NOT announced AND due <= $1 ORDER BY due LIMIT ${batch} FOR UPDATE SKIP LOCKED
  ), m AS (
    UPDATE feed_open_lapse o SET announced = true FROM d WHERE o.site_id = d.site_id AND o.area = d.area
    RETURNING o.site_id, o.area, o.gap_from, o.due)
  SELECT m.site_id, s.name, m.area, r.max_interval_hours, CASE WHEN EXISTS (SELECT 1 FROM disinfection_entry e WHERE e.site_id = m.site_id AND e.area = m.area AND e.started_at = m.gap_from
                                 AND NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = e.id)) THEN m.gap_from END AS last_at, m.due AS breached_at,
         (s.status = 'ACTIVE' AND r.area IS NOT NULL) AS live
    FROM m JOIN site s ON s.id = m.site_id LEFT JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = m.area
   ORDER BY m.due, m.site_id, m.area`;

/** Takes the pending overdue findings whose deadline has passed, and returns their events. */
async function overdueEvents(em: EntityManager, to: Date): Promise<{ events: NewHubEvent[]; full: boolean }> {
  const rows: { id: string; site_id: string; severity: string; title: string; deadline: Date; open: boolean }[] = await em.query(
    `WITH d AS (
       DELETE FROM feed_overdue_pending p
        WHERE p.finding_id IN (SELECT finding_id FROM feed_overdue_pending WHERE deadline <= $1 ORDER BY deadline LIMIT ${BATCH} FOR UPDATE)
        RETURNING p.finding_id)
     SELECT f.id, f.site_id, f.severity, f.title, f.deadline,
            (${settledSql('f.status', true)} AND NOT f.deadline_paused AND f.deadline <= $1) AS open
       FROM d JOIN finding f ON f.id = d.finding_id
      ORDER BY f.deadline, f.id`,
    [to],
  );
  const events = rows
    .filter((f) => f.open)
    .map((f): NewHubEvent => {
      const critical = f.severity === 'CRITICAL';
      return {
        kind: 'FINDING_OVERDUE',
        occurredAt: new Date(f.deadline),
        siteId: f.site_id,
        entityType: 'Finding',
        entityId: f.id,
        message: `${critical ? '重大隐患逾期未整改，已升级' : '问题逾期未整改'} / ${f.severity} finding overdue${critical ? ', escalated' : ''}: ${f.title}`,
        data: { severity: f.severity, deadline: new Date(f.deadline).toISOString(), escalated: critical },
      };
    });
  return { events, full: rows.length === BATCH };
}

async function breachEvents(em: EntityManager, to: Date): Promise<{ events: NewHubEvent[]; full: boolean }> {
  const rows: { site_id: string; name: string; area: string; max_interval_hours: number; last_at: Date | null; breached_at: Date; live: boolean }[] = await em.query(dueBreachesSql(BATCH), [to]);
  const events = rows
    .filter((b) => b.live)
    .map(
      (b): NewHubEvent => ({
        kind: 'SITE_OUT_OF_COMPLIANCE',
        occurredAt: new Date(b.breached_at),
        siteId: b.site_id,
        entityType: 'Site',
        entityId: b.site_id,
        message: `消毒超时 / disinfection overdue at ${b.name}: ${b.area} (every ${b.max_interval_hours} h${b.last_at ? '' : ', never logged'})`,
        data: { area: b.area, maxIntervalHours: b.max_interval_hours, lastDisinfectedAt: b.last_at ? new Date(b.last_at).toISOString() : null },
      }),
    );
  return { events, full: rows.length === BATCH };
}

/** Deletes outbox rows past retention (a batch) and remembers the last position deleted. */
async function prune(em: EntityManager, cutoff: Date): Promise<boolean> {
  const [last] = await em.query(
    `WITH d AS (DELETE FROM hub_event WHERE seq IN (SELECT seq FROM hub_event WHERE recorded_at < $1 ORDER BY recorded_at LIMIT ${PRUNE_BATCH}) RETURNING tx_id, seq)
     SELECT tx_id::text AS tx, seq::text AS seq, (SELECT count(*) FROM d)::int AS n FROM d ORDER BY d.tx_id DESC, d.seq DESC LIMIT 1`,
    [cutoff],
  );
  if (!last) return false;
  await em.query(
    `INSERT INTO feed_watermark (name, scanned_to, tx_id, seq) VALUES ('outbox', $1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET scanned_to = GREATEST(feed_watermark.scanned_to, $1),
       tx_id = CASE WHEN feed_watermark.tx_id IS NULL OR (feed_watermark.tx_id, feed_watermark.seq) < ($2::bigint, $3::bigint) THEN $2::bigint ELSE feed_watermark.tx_id END,
       seq = CASE WHEN feed_watermark.tx_id IS NULL OR (feed_watermark.tx_id, feed_watermark.seq) < ($2::bigint, $3::bigint) THEN $3::bigint ELSE feed_watermark.seq END`,
    [cutoff, last.tx, last.seq],
  );
  return last.n === PRUNE_BATCH;
}

export function makeFeedWatcher(opts: { ds: DataSource; log: Logger; now: () => Date; intervalMs: number; retentionDays: number }): FeedWatcher {
  const { ds, log, now } = opts;
  let running: Promise<number> | null = null;

  /** One transaction; returns how many events it wrote and whether a backlog is left. */
  const scanOnce = async (): Promise<{ n: number; more: boolean }> => {
    if (!ds.isInitialized) return { n: 0, more: false };
    return ds.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [LOCK]);
      if (!locked) return { n: 0, more: false };
      // Housekeeping that needs a clock and one process at a time: the tallies' appended rows.
      await foldFindingTally(em);
      // And the disinfection entries' late tally (migration DisinfectionLateTally): the same fold,
      // which never changes what a reader sums.
      await em.query('SELECT disinfection_late_tally_fold()');
      const to = now();
      const overdue = await overdueEvents(em, to);
      const breaches = await breachEvents(em, to);
      const events = [...overdue.events, ...breaches.events];
      await insertHubEvents(em, events, to);
      const morePrune = await prune(em, new Date(to.getTime() - opts.retentionDays * 86_400_000));
      return { n: events.length, more: overdue.full || breaches.full || morePrune };
    });
  };

  const scan = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const { n, more } = await scanOnce();
      total += n;
      if (!more) return total;
    }
  };

  const run = () => {
    if (!running) {
      running = scan()
        .catch((err) => {
          log.error({ err }, 'feed scan failed; will retry');
          return 0;
        })
        .finally(() => (running = null));
    }
    return running;
  };
  const timer = setInterval(() => void run(), opts.intervalMs);
  timer.unref();
  return {
    scanNow: run,
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}

declare module '../../common/services' {
  interface Services {
    /** Clock-driven events: findings gone overdue, sites out of compliance. */
    feedWatcher: FeedWatcher;
  }
}
