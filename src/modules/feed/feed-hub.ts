import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Actor, Role } from '../../context';
import { EVENT_COLUMNS, ORIGIN, comparePositions, fromRow, horizonSql, type FeedHorizon, type FeedPosition, type HubEvent, type HubEventRow } from './feed-outbox';
import { queryPrepared } from '../../common/prepared';

/** A signed-in WebSocket connection: who it is now (refreshed), when its token expires, how to close it. */
export interface FeedConnection {
  actor: Actor;
  /** When (the hub's clock, ms) the last reload of `actor` from the database that succeeded began. */
  refreshedAt: number;
  /** Date.now() after which the token is no longer valid (tokens are signed and verified on the machine clock). */
  tokenExpiresAt: number;
  closed: boolean;
  close(code: number, reason: string): void;
}

/** graphql-ws close codes (4401 Unauthorized, 4403 Forbidden are graphql-ws's own). */
export const CLOSE = {
  TOKEN_EXPIRED: 4401,
  ACCOUNT_INACTIVE: 4403,
  /** The access state could not be refreshed (database unreachable): reconnect with the cursor. */
  TRY_AGAIN: 1013,
} as const;

const MAX_SEQ = (1n << 63n) - 1n;
const PAGE = 500;

export interface FeedHubOptions {
  ds: DataSource;
  log: Logger;
  /** Safety poll when no NOTIFY came (a lost listener connection, a row held back by a long transaction). */
  pollIntervalMs: number;
  /** How old a connection's access state may get: the revocation bound. */
  accessRefreshMs: number;
  /** Where the dedicated LISTEN connection goes; default the data source's url. */
  databaseUrl?: string;
  /** The hub's clock (the server's `now`; tests pin it): what the revocation bound is measured on. */
  now?: () => Date;
  /** FEED_HORIZON: how far the outbox may be read (feed-outbox.ts); default `database`, which falls back to `server` when it cannot be used. */
  horizon?: FeedHorizon;
  /** PREPARED_STATEMENTS: the poll as a named prepared statement (parsed and planned once per connection); default true. */
  preparedStatements?: boolean;
}

/** SQLSTATEs that say the per-database horizon cannot be read here (permission denied, no such function or view). */
const HORIZON_UNUSABLE = new Set(['42501', '42883', '42P01']);

/**
 * One per hub process. Follows the outbox (`hub_event`) in (tx_id, seq) order and hands each
 * committed event to the subscriptions of this process; NOTIFY hub_event (sent by PostgreSQL on
 * commit, from a trigger) is only the wake-up, the table is the truth. Rows are read only below
 * the horizon of the reading statement's snapshot (feed-outbox.ts): every transaction with a lower
 * id that could write this database's outbox has ended, so no row can later appear behind the
 * position already passed (a sequence alone would not do: a transaction that took a lower seq may
 * commit after one that took a higher). The horizon is this database's by default, the server's
 * xmin with FEED_HORIZON=server or when the database's cannot be read (logged once).
 *
 * It also keeps every signed-in WebSocket connection's access state current: one query per
 * `accessRefreshMs` reloads the actors of all connections (active, role, sites, teams); an
 * inactive account's socket is closed with 4403, an expired token's with 4401, and, once reloads
 * have failed past `failBoundMs` (on the hub's clock), one whose access is that stale with 1013.
 */
export class FeedHub {
  /** Everything at or before this position has been handed to the listeners. */
  position: FeedPosition = ORIGIN;
  private readonly listeners = new Set<(e: HubEvent) => void>();
  readonly connections = new Set<FeedConnection>();
  private listener: Client | null = null;
  private stopped = false;
  private polling: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay = 20;
  /** A reload of the connections' access is under way (ticks meanwhile are skipped, never stacked). */
  private refreshing = false;
  /** Since when reloads have been failing (null: the last one succeeded). */
  private refreshFailingSince: number | null = null;
  /** Inspectors' "has inspected this site", per account+site, as fresh as the access state (emptied at each reload). */
  readonly inspected = new Map<string, boolean>();
  /** The horizon in use: FEED_HORIZON, or `server` after the per-database one proved unusable. */
  horizon: FeedHorizon;

  constructor(private readonly opts: FeedHubOptions) {
    this.horizon = opts.horizon ?? 'database';
  }

  /** The hub's clock, in ms. */
  clock(): number {
    return (this.opts.now?.() ?? new Date()).getTime();
  }

  /** How long reloads may have failed, and a connection's access gone unrefreshed, before it is closed with 1013. */
  get failBoundMs(): number {
    return 2 * this.opts.accessRefreshMs + 1000;
  }

  /** Where the live stream starts; then LISTEN and the timers. */
  async start(): Promise<void> {
    let row: { tx: string };
    try {
      [row] = await this.opts.ds.query(`SELECT (${horizonSql(this.horizon)} - 1)::text AS tx`);
    } catch (err) {
      if (this.horizon !== 'database' || !HORIZON_UNUSABLE.has((err as { code?: string }).code ?? '')) throw err;
      this.fallBack(err);
      [row] = await this.opts.ds.query(`SELECT (${horizonSql(this.horizon)} - 1)::text AS tx`);
    }
    this.opts.log.info({ horizon: this.horizon }, this.horizon === 'database' ? "feed horizon: this database's transactions (other databases' do not hold the feed)" : "feed horizon: the server's xmin (any transaction open on the PostgreSQL server holds the feed)");
    this.position = { tx: BigInt(row.tx), seq: MAX_SEQ };
    await this.connectListener();
    const poll = setInterval(() => void this.poll(), this.opts.pollIntervalMs);
    const refresh = setInterval(() => void this.refreshAccess(), this.opts.accessRefreshMs);
    poll.unref();
    refresh.unref();
    this.timers.push(poll, refresh);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.polling;
  }

  /** Registers a listener for every event after `position` (returned with it, synchronously). */
  listen(fn: (e: HubEvent) => void): { position: FeedPosition; unlisten: () => void } {
    this.listeners.add(fn);
    return { position: this.position, unlisten: () => void this.listeners.delete(fn) };
  }

  private async connectListener(): Promise<void> {
    if (this.stopped) return;
    const url = this.opts.databaseUrl ?? (this.opts.ds.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: 'epi-hub-feed' });
    const retry = () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = null;
      client.end().catch(() => undefined);
      setTimeout(() => void this.connectListener().catch((err) => this.opts.log.warn({ err }, 'feed LISTEN connection failed; polling meanwhile')), 1000).unref();
    };
    client.on('error', (err) => {
      this.opts.log.warn({ err }, 'feed LISTEN connection lost; reconnecting');
      retry();
    });
    client.on('end', retry);
    client.on('notification', () => void this.poll());
    this.listener = client;
    await client.connect();
    await client.query('LISTEN hub_event');
    void this.poll(); // whatever committed while not listening
  }

  /** Reads what committed since `position`, in order, and hands it out. Never runs twice at once. */
  poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = (async () => {
      try {
        do {
          this.again = false;
          if (this.stopped || !this.opts.ds.isInitialized) return;
          // `held`: a row at or above the horizon exists, asked as the newest row's tx_id (one
          // backward step of the position index): as `EXISTS (… WHERE tx_id >= horizon)` the
          // horizon, unknown when planning, made it a sequential scan of every hub_event row,
          // 180–770 ms of PostgreSQL at every poll (once a second) on the county dataset.
          const rows: (HubEventRow & { horizon: string; held: boolean })[] = await queryPrepared(
            this.opts.ds.manager,
            this.opts.preparedStatements !== false,
            'epi_feed',
            `WITH s AS (SELECT ${horizonSql(this.horizon)} AS horizon)
             SELECT s.horizon::text AS horizon, coalesce((SELECT max(h.tx_id) FROM hub_event h) >= s.horizon, false) AS held, e.*
               FROM s LEFT JOIN LATERAL (
                 SELECT ${EVENT_COLUMNS} FROM hub_event h
                  WHERE (h.tx_id, h.seq) > ($1::bigint, $2::bigint) AND h.tx_id < s.horizon
                  ORDER BY h.tx_id, h.seq LIMIT ${PAGE}) e ON true`,
            [this.position.tx.toString(), this.position.seq.toString()],
          );
          const events = rows.filter((r) => r.seq !== null).map(fromRow);
          for (const e of events) {
            this.position = e.position;
            for (const fn of this.listeners) fn(e);
          }
          if (events.length === PAGE) {
            this.again = true;
            continue;
          }
          // Every row below the horizon has been read: the live stream may stand just below it.
          const below = { tx: BigInt(rows[0].horizon) - 1n, seq: MAX_SEQ };
          if (comparePositions(below, this.position) > 0) this.position = below;
          // Committed rows held back by an older transaction still running: look again soon.
          if (rows[0].held) this.retrySoon();
          else this.retryDelay = 20;
        } while (this.again);
      } catch (err) {
        if (this.horizon === 'database' && HORIZON_UNUSABLE.has((err as { code?: string }).code ?? '')) {
          this.fallBack(err);
          this.retrySoon();
        } else this.opts.log.warn({ err }, 'feed poll failed; will retry');
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  /** The per-database horizon cannot be read (a role without access to pg_stat_activity): the server's, from now on. */
  private fallBack(err: unknown): void {
    this.horizon = 'server';
    this.opts.log.warn({ err }, "feed horizon: pg_stat_get_activity or pg_prepared_xact cannot be executed; falling back to the server's xmin (any transaction open on the PostgreSQL server holds the feed)");
  }

  private retrySoon() {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.poll();
    }, this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, 500);
  }

  /** Rows in (after, upTo], optionally only some kinds and sites, oldest first. */
  async readRange(after: FeedPosition, upTo: FeedPosition, kinds: string[] | null, siteIds: string[] | null, limit = PAGE): Promise<HubEvent[]> {
    const rows: HubEventRow[] = await this.opts.ds.query(
      `SELECT ${EVENT_COLUMNS} FROM hub_event h
        WHERE (h.tx_id, h.seq) > ($1::bigint, $2::bigint) AND (h.tx_id, h.seq) <= ($3::bigint, $4::bigint)
          AND ($5::text[] IS NULL OR h.kind = ANY($5::text[])) AND ($6::uuid[] IS NULL OR h.site_id = ANY($6::uuid[]))
        ORDER BY h.tx_id, h.seq LIMIT ${limit}`,
      [after.tx.toString(), after.seq.toString(), upTo.tx.toString(), upTo.seq.toString(), kinds, siteIds],
    );
    return rows.map(fromRow);
  }

  /** The last position retention deleted, if any: a cursor before it has lost events. */
  async prunedThrough(): Promise<FeedPosition | null> {
    const [row] = await this.opts.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM feed_watermark WHERE name = 'outbox' AND tx_id IS NOT NULL`);
    return row ? { tx: BigInt(row.tx), seq: BigInt(row.seq) } : null;
  }

  addConnection(conn: FeedConnection): () => void {
    this.connections.add(conn);
    return () => void this.connections.delete(conn);
  }

  /** Is the connection still allowed to receive anything? Closes it when not. */
  checkConnection(conn: FeedConnection): boolean {
    if (conn.closed) return false;
    if (conn.tokenExpiresAt <= Date.now()) {
      conn.close(CLOSE.TOKEN_EXPIRED, 'Unauthorized: the token has expired; sign in again');
      return false;
    }
    // Closed only when reloads have actually failed for the bound: a hub that is merely busy (its
    // event loop behind under load) keeps its sockets, instead of dropping every one at once and
    // drawing all of them back to reconnect at the same moment.
    const now = this.clock();
    if (this.refreshFailingSince !== null && now - this.refreshFailingSince > this.failBoundMs && now - conn.refreshedAt > this.failBoundMs) {
      conn.close(CLOSE.TRY_AGAIN, 'access could not be rechecked; reconnect with your last cursor');
      return false;
    }
    return true;
  }

  /** Reloads every connection's actor in one query; closes the revoked. */
  async refreshAccess(): Promise<void> {
    if (this.stopped || this.refreshing) return;
    if (!this.opts.ds.isInitialized) {
      this.refreshFailed();
      return;
    }
    this.refreshing = true;
    try {
      await this.reloadAccess();
    } finally {
      this.refreshing = false;
    }
  }

  /**
   * A reload failed (the database unreachable, the connection lost): from the first failure on,
   * the connections whose access has gone unrefreshed past the bound are closed with 1013, here
   * and at each event, until a reload succeeds. A reload that is only slow closes nothing.
   */
  private refreshFailed(): void {
    this.refreshFailingSince ??= this.clock();
    for (const c of this.connections) this.checkConnection(c);
  }

  private async reloadAccess(): Promise<void> {
    this.inspected.clear();
    const conns = [...this.connections].filter((c) => !c.closed);
    if (!conns.length) return;
    try {
      const ids = [...new Set(conns.map((c) => c.actor.id))];
      const started = this.clock();
      const rows: { id: string; username: string; role: Role; agency_id: string | null; active: boolean; team_ids: string[]; site_ids: string[] }[] = await this.opts.ds.query(
        `SELECT a.id, a.username, a.role, a.agency_id, a.active,
                ARRAY(SELECT team_id::text FROM team_member WHERE account_id = a.id ORDER BY team_id) AS team_ids,
                ARRAY(SELECT site_id::text FROM site_manager WHERE account_id = a.id
                      UNION SELECT site_id::text FROM site_staff WHERE account_id = a.id ORDER BY 1) AS site_ids
           FROM account a WHERE a.id = ANY($1::uuid[])`,
        [ids],
      );
      this.refreshFailingSince = null;
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const c of conns) {
        const r = byId.get(c.actor.id);
        if (!r || !r.active) {
          c.close(CLOSE.ACCOUNT_INACTIVE, 'Forbidden: this account is no longer active');
          continue;
        }
        c.actor = { id: r.id, username: r.username, role: r.role, agencyId: r.agency_id, teamIds: r.team_ids, siteIds: r.site_ids };
        c.refreshedAt = started;
        this.checkConnection(c);
      }
    } catch (err) {
      this.opts.log.warn({ err }, 'feed access refresh failed; will retry');
      this.refreshFailed();
    }
  }
}

declare module '../../common/services' {
  interface Services {
    /** Live events: follows the outbox, serves this process's subscriptions, keeps their access current. */
    feed: FeedHub;
  }
}
