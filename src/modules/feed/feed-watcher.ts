import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { insertHubEvents, type NewHubEvent } from '../../common/outbox';
import { foldFindingTally } from '../finding/finding-tally';

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
 * - Compliance breaches: the open-ended lapses begun in (watermark, now], the watermark kept in
 *   `feed_watermark` ('clock') and moved in the same transaction.
 * - Retention: outbox rows recorded more than `retentionDays` before now are deleted, and the
 *   last deleted position kept ('outbox'), so an older cursor is refused rather than silently
 *   missing events.
 */
export interface FeedWatcher {
  scanNow(): Promise<number>;
  stop(): Promise<void>;
}

const LOCK = 727_003;
/** Findings announced per transaction; a fuller backlog continues at once in the next one. */
const BATCH = 1000;
const PRUNE_BATCH = 5000;

/**
 * The required areas of active sites whose cover ran out in ($1, $2]: the last effective entry
 * plus the interval. That is the start of the area's open-ended lapse (migration
 * DisinfectionLapses keeps it as entries and corrections are written), one partial-index range
 * (FeedBreachIndex) instead of the latest entry of every (site, area) at every scan (7.8 s at
 * province). An area never logged has no "last" and is not announced, as before: its lapse runs
 * from -infinity.
 */
export const breachesSql = `
  SELECT l.site_id, s.name, l.area, r.max_interval_hours, l.gap_from AS last_at, l.lapse_from AS breached_at
    FROM disinfection_lapse l
    JOIN site s ON s.id = l.site_id
    JOIN disinfection_rule r ON r.site_kind = s.kind AND r.area = l.area
   WHERE l.gap_to = 'infinity' AND l.lapse_from > $1 AND l.lapse_from <= $2
     AND s.status = 'ACTIVE'
   ORDER BY breached_at, l.site_id, l.area`;
/** After a long stop, announce at most the last day's compliance crossings. */
const MAX_WINDOW_MS = 24 * 3600_000;

/** Takes the pending overdue findings whose deadline has passed, and returns their events. */
async function overdueEvents(em: EntityManager, to: Date): Promise<{ events: NewHubEvent[]; full: boolean }> {
  const rows: { id: string; site_id: string; severity: string; title: string; deadline: Date; open: boolean }[] = await em.query(
    `WITH d AS (
       DELETE FROM feed_overdue_pending p
        WHERE p.finding_id IN (SELECT finding_id FROM feed_overdue_pending WHERE deadline <= $1 ORDER BY deadline LIMIT ${BATCH} FOR UPDATE)
        RETURNING p.finding_id)
     SELECT f.id, f.site_id, f.severity, f.title, f.deadline,
            (f.status NOT IN ('VERIFIED', 'WITHDRAWN') AND NOT f.deadline_paused AND f.deadline <= $1) AS open
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

async function breachEvents(em: EntityManager, to: Date): Promise<NewHubEvent[]> {
  const [mark] = await em.query(`SELECT scanned_to FROM feed_watermark WHERE name = 'clock'`);
  const from = mark ? new Date(Math.max(new Date(mark.scanned_to).getTime(), to.getTime() - MAX_WINDOW_MS)) : to;
  await em.query(`INSERT INTO feed_watermark (name, scanned_to) VALUES ('clock', $1) ON CONFLICT (name) DO UPDATE SET scanned_to = GREATEST(feed_watermark.scanned_to, $1)`, [to]);
  if (from >= to) return [];
  const breaches = await em.query(breachesSql, [from, to]);
  return breaches.map(
    (b: { site_id: string; name: string; area: string; max_interval_hours: number; last_at: Date; breached_at: Date }): NewHubEvent => ({
      kind: 'SITE_OUT_OF_COMPLIANCE',
      occurredAt: new Date(b.breached_at),
      siteId: b.site_id,
      entityType: 'Site',
      entityId: b.site_id,
      message: `消毒超时 / disinfection overdue at ${b.name}: ${b.area} (every ${b.max_interval_hours} h)`,
      data: { area: b.area, maxIntervalHours: b.max_interval_hours, lastDisinfectedAt: new Date(b.last_at).toISOString() },
    }),
  );
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
      // Housekeeping that needs a clock and one process at a time: the deadline tally's appended rows.
      await foldFindingTally(em);
      const to = now();
      const overdue = await overdueEvents(em, to);
      const events = [...overdue.events, ...(await breachEvents(em, to))];
      await insertHubEvents(em, events, to);
      const morePrune = await prune(em, new Date(to.getTime() - opts.retentionDays * 86_400_000));
      return { n: events.length, more: overdue.full || morePrune };
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
