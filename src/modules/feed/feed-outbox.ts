import { AppError } from '../../common/errors';
import type { HubEventKind, NewHubEvent } from '../../common/outbox';

/* Modules publish events with common/outbox.ts (recordHubEvent); the feed reads them from here on. */
export type { HubEventKind } from '../../common/outbox';

/**
 * A position in the outbox: (writer's transaction id, row sequence). Events are delivered in
 * this order; it is the cursor's content.
 */
export interface FeedPosition {
  tx: bigint;
  seq: bigint;
}

/** Something the command centre should see now, as the outbox holds it. `siteId` decides who may see it. */
export interface HubEvent extends Omit<NewHubEvent, 'occurredAt'> {
  /** The opaque cursor of the event, also its id. */
  cursor: string;
  position: FeedPosition;
  occurredAt: Date;
}

export const comparePositions = (a: FeedPosition, b: FeedPosition): number => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);
export const formatCursor = (p: FeedPosition): string => `${p.tx}-${p.seq}`;
export const ORIGIN: FeedPosition = { tx: 0n, seq: 0n };

/** Parses a cursor a client sent back; anything else is BAD_USER_INPUT on `after`. */
export function parseCursor(cursor: string): FeedPosition {
  const m = /^(\d{1,19})-(\d{1,19})$/.exec(cursor);
  if (!m) throw new AppError('BAD_USER_INPUT', 'after is not a cursor this feed gave out', { field: 'after' });
  return { tx: BigInt(m[1]), seq: BigInt(m[2]) };
}

export interface HubEventRow {
  tx_id: string;
  seq: string;
  kind: HubEventKind;
  occurred_at: Date;
  site_id: string | null;
  entity_type: string;
  entity_id: string;
  message: string;
  data: Record<string, unknown>;
}

export function fromRow(r: HubEventRow): HubEvent {
  const position = { tx: BigInt(r.tx_id), seq: BigInt(r.seq) };
  return {
    cursor: formatCursor(position),
    position,
    kind: r.kind,
    occurredAt: new Date(r.occurred_at),
    siteId: r.site_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    message: r.message,
    data: r.data,
  };
}

/** Ids as text (bigints); ORDER BY must name the table's columns qualified (h.tx_id), not these text aliases. */
export const EVENT_COLUMNS = `tx_id::text AS tx_id, seq::text AS seq, kind, occurred_at, site_id::text AS site_id, entity_type, entity_id, message, data`;

/**
 * How far the feed may read: the choice of FEED_HORIZON.
 * - `server`: the xmin of the reading statement's snapshot. Every transaction of the whole
 *   PostgreSQL server below it has ended, so rows below it can no longer appear; but a
 *   transaction open in any other database of the server holds the feed until it ends.
 * - `database`: the smallest id that a transaction able to write this database's hub_event
 *   may still have (DATABASE_HORIZON_SQL): other databases' transactions do not hold the feed.
 */
export type FeedHorizon = 'database' | 'server';

/** Every transaction of the server below this id has ended: rows below it can no longer appear. */
export const SERVER_HORIZON_SQL = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/**
 * The per-database horizon H, evaluated in the statement that reads the rows (same snapshot):
 * H = min(xmax, the smallest in-progress id of the snapshot (xip) not known to be another
 * database's). Every hub_event row with tx_id < H that will ever exist is visible to the
 * statement, because a transaction with an id x < H is either
 * - not in xip and below xmax: it ended before the snapshot (its rows visible if it committed), or
 * - in xip, but shown by pg_stat_activity (backend_xid, datid) or pg_prepared_xacts (transaction,
 *   database) as another database's: a backend writes only the database it is connected to, and
 *   an id belongs to one backend, later to its prepared transaction, in that same database.
 * Ids assigned after the snapshot (a transaction of this database that has not written yet) are
 * >= the next id at snapshot time >= xmax >= H. An in-progress id whose owner cannot be seen (its
 * backend ended after the snapshot, a prepared transaction of this database, a row hidden from
 * this role) counts as this database's: unknown never advances the horizon, so the worst case
 * is the server-wide xmin. Never below it: H >= xmin, since xip and xmax are >= xmin.
 *
 * pg_stat_activity is read after the snapshot was taken (first read in the transaction, and this
 * runs as a single-statement transaction, outside any BEGIN): a backend slot reused between
 * reading its status and its xid can only show an id assigned after the snapshot, never one of
 * xip. backend_xid is a 32-bit xid and xip holds xid8: the 32 low bits identify an id within
 * [xmin, xmax), which spans less than 2^31. The functions behind the views pg_stat_activity and
 * pg_prepared_xacts are called directly: the same rows (datid and backend_xid are shown to every
 * role), planned in a fraction of the time (through the views' joins the outbox read took ~5 ms,
 * this way under 2 ms; BENCHMARKS.md "Live feed: the horizon").
 */
export const DATABASE_HORIZON_SQL = `(SELECT LEAST(pg_snapshot_xmax(c.snap)::text::bigint,
    (SELECT min(x::text::bigint) FROM pg_snapshot_xip(c.snap) AS x
      WHERE NOT EXISTS (SELECT 1 FROM pg_stat_get_activity(NULL) a
                         WHERE a.backend_xid::text::bigint = x::text::bigint % 4294967296 AND a.datid <> c.db)
        AND NOT EXISTS (SELECT 1 FROM pg_prepared_xact() p
                         WHERE p.transaction::text::bigint = x::text::bigint % 4294967296 AND p.dbid <> c.db)))
   FROM (SELECT pg_current_snapshot() AS snap, (SELECT oid FROM pg_database WHERE datname = current_database()) AS db) c)`;

export const horizonSql = (h: FeedHorizon): string => (h === 'database' ? DATABASE_HORIZON_SQL : SERVER_HORIZON_SQL);
