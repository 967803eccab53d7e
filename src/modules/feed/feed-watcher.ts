import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { makeEvent, type EventBus, type HubEvent } from './event-bus';
import { deadlinePausedSql } from '../dispute/deadline-pause';
import { foldFindingTally } from '../finding/finding-tally';

/**
 * Events that come from the clock rather than from a mutation: a finding passing its deadline,
 * a site's required area passing its disinfection interval. Every scan covers (watermark, now];
 * the watermark lives in the database and the scan holds a transaction-scoped advisory lock, so
 * with several hub processes each crossing is announced once.
 */
export interface FeedWatcher {
  scanNow(): Promise<number>;
  stop(): Promise<void>;
}

const LOCK = 727_003;

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
/** After a long stop, announce at most the last day's crossings. */
const MAX_WINDOW_MS = 24 * 3600_000;

export function makeFeedWatcher(opts: { ds: DataSource; bus: EventBus; log: Logger; now: () => Date; intervalMs: number }): FeedWatcher {
  const { ds, bus, log, now } = opts;
  let running: Promise<number> | null = null;

  const scan = async (): Promise<number> => {
    if (!ds.isInitialized) return 0;
    const events: HubEvent[] = await ds.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [LOCK]);
      if (!locked) return [];
      // Housekeeping that needs a clock and one process at a time: the deadline tally's appended rows.
      await foldFindingTally(em);
      const to = now();
      const [mark] = await em.query(`SELECT scanned_to FROM feed_watermark WHERE name = 'clock'`);
      const from = mark ? new Date(Math.max(new Date(mark.scanned_to).getTime(), to.getTime() - MAX_WINDOW_MS)) : to;
      await em.query(`INSERT INTO feed_watermark (name, scanned_to) VALUES ('clock', $1) ON CONFLICT (name) DO UPDATE SET scanned_to = GREATEST(feed_watermark.scanned_to, $1)`, [to]);
      if (from >= to) return [];
      const out: HubEvent[] = [];
      const overdue = await em.query(
        `SELECT id, site_id, severity, title, deadline FROM finding
          WHERE deadline > $1 AND deadline <= $2
            AND status NOT IN ('VERIFIED', 'WITHDRAWN')
            AND NOT ${deadlinePausedSql('finding')}
          ORDER BY deadline`,
        [from, to],
      );
      for (const f of overdue) {
        out.push(
          makeEvent({
            kind: 'FINDING_OVERDUE',
            occurredAt: new Date(f.deadline),
            siteId: f.site_id,
            entityType: 'Finding',
            entityId: f.id,
            message: `${f.severity === 'CRITICAL' ? '重大隐患逾期未整改，已升级' : '问题逾期未整改'} / ${f.severity} finding overdue${f.severity === 'CRITICAL' ? ', escalated' : ''}: ${f.title}`,
            data: { severity: f.severity, deadline: new Date(f.deadline).toISOString(), escalated: f.severity === 'CRITICAL' },
          }),
        );
      }
      const breaches = await em.query(breachesSql, [from, to]);
      for (const b of breaches) {
        out.push(
          makeEvent({
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
      return out;
    });
    for (const e of events) await bus.publish(e);
    return events.length;
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
