import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../common/errors';
import { makeDataSource } from './data-source';

/*
 * Streaming read replicas (DATABASE_READ_URLS) with read-your-writes.
 *
 * Each process samples, every REPLICA_CHECK_INTERVAL_MS, the primary's WAL position
 * (pg_current_wal_lsn()) and each replica's replay position (pg_last_wal_replay_lsn()), one
 * statement per server, off the request path. A heavy read (the report, the CSV exports, the
 * read compiler's statements) goes to a replica only if
 *   - the replica answered its last check and is in recovery (a replica, not a promoted server);
 *   - it has replayed everything the primary had written REPLICA_MAX_LAG_MS ago (its lag is at
 *     most that bound plus one check interval); and
 *   - it has replayed the client's own last commit: the LSN the hub returned to the client in
 *     the `x-hub-lsn` response header after its last mutation, which the client sends back in
 *     the `x-hub-lsn` request header. The replay position only grows, so a sampled position at
 *     or past the token means the replica has the write.
 * Otherwise the read goes to the primary; nothing waits for a replica. A read whose replica
 * fails mid-way (stopped, restarted, a recovery conflict) is run again on the primary and the
 * replica is skipped until a check finds it back.
 */

export const LSN_HEADER = 'x-hub-lsn';

/** '16/B374D848' → 0x16B374D848n; null for anything else. */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

export interface ReplicaState {
  /** The URL without its password, for logs and /readyz. */
  name: string;
  ds: DataSource;
  up: boolean;
  replayLsn: bigint | null;
  checkedAt: number;
  lastError?: string;
}

export interface ReadRouterOptions {
  primary: DataSource;
  urls: string[];
  poolSize: number;
  maxLagMs: number;
  intervalMs: number;
  statementTimeoutMs?: number;
  backgroundStatementTimeoutMs?: number;
  log: Logger;
  /** The clock (tests). */
  now?: () => number;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, '//$1@');

export class ReadRouter {
  readonly replicas: ReplicaState[];
  /** Samples of the primary's WAL position, oldest first, kept for REPLICA_MAX_LAG_MS and a little more. */
  private samples: { at: number; lsn: bigint }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private next = 0;
  /** Reads served, by server: what /readyz and the scale test show. */
  readonly served = { primary: 0, replica: 0, fallbacks: 0 };

  constructor(private readonly opts: ReadRouterOptions) {
    this.replicas = opts.urls.map((url) => ({
      name: redact(url),
      ds: makeDataSource({ url, poolSize: opts.poolSize, applicationName: 'epi-hub-read', statementTimeoutMs: opts.statementTimeoutMs, backgroundStatementTimeoutMs: opts.backgroundStatementTimeoutMs }),
      up: false,
      replayLsn: null,
      checkedAt: 0,
    }));
  }

  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.checking) await this.checking;
    await Promise.all(this.replicas.map((r) => (r.ds.isInitialized ? r.ds.destroy().catch(() => undefined) : undefined)));
  }

  /** One round of samples; never throws. */
  check(): Promise<void> {
    if (!this.checking) this.checking = this.checkOnce().finally(() => (this.checking = null));
    return this.checking;
  }

  private readonly clock = this.opts.now ?? Date.now;

  private async checkOnce(): Promise<void> {
    try {
      const [row] = await this.opts.primary.query('SELECT pg_current_wal_lsn()::text AS lsn');
      const lsn = parseLsn(row.lsn);
      if (lsn !== null) this.notePrimary(lsn);
    } catch (err) {
      this.opts.log.warn({ err }, 'primary WAL position not sampled');
    }
    await Promise.all(this.replicas.map((r) => this.checkReplica(r)));
  }

  /** Records the primary's WAL position now. */
  notePrimary(lsn: bigint): void {
    const now = this.clock();
    this.samples.push({ at: now, lsn });
    // Keep one sample older than the bound (the one the bound compares with), drop the rest before it.
    const horizon = now - this.opts.maxLagMs;
    while (this.samples.length > 1 && this.samples[1].at <= horizon) this.samples.shift();
  }

  private async checkReplica(r: ReplicaState): Promise<void> {
    try {
      if (!r.ds.isInitialized) await r.ds.initialize();
      const [row] = await r.ds.query('SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn');
      r.checkedAt = this.clock();
      if (!row.standby) {
        if (r.up || r.lastError === undefined) this.opts.log.error({ replica: r.name }, 'read replica is not in recovery (promoted, or not a replica): not used');
        r.up = false;
        r.lastError = 'not in recovery';
        return;
      }
      if (!r.up) this.opts.log.info({ replica: r.name }, 'read replica up');
      r.up = true;
      r.replayLsn = parseLsn(row.lsn);
      r.lastError = undefined;
    } catch (err) {
      if (r.up) this.opts.log.warn({ err, replica: r.name }, 'read replica down: reads go to the primary');
      r.up = false;
      r.lastError = err instanceof Error ? err.message : String(err);
    }
  }

  /** The primary position the replicas must have replayed to be within the lag bound. */
  private freshnessFloor(): bigint {
    const horizon = this.clock() - this.opts.maxLagMs;
    let floor = 0n;
    for (const s of this.samples) if (s.at <= horizon) floor = s.lsn;
    return floor;
  }

  /** A replica that has replayed `atLeast` and is within the lag bound, or null (use the primary). */
  pick(atLeast: bigint | null): ReplicaState | null {
    const floor = this.freshnessFloor();
    const need = atLeast !== null && atLeast > floor ? atLeast : floor;
    const n = this.replicas.length;
    for (let i = 0; i < n; i++) {
      const r = this.replicas[(this.next + i) % n];
      if (r.up && r.replayLsn !== null && r.replayLsn >= need) {
        this.next = (this.next + i + 1) % n;
        return r;
      }
    }
    return null;
  }

  /** A read on the replica failed for the replica's sake: skip it until the next check finds it back. */
  markDown(r: ReplicaState, err: unknown): void {
    if (r.up) this.opts.log.warn({ err, replica: r.name }, 'read replica failed a read: reads go to the primary');
    r.up = false;
    r.lastError = err instanceof Error ? err.message : String(err);
  }

  status() {
    return this.replicas.map((r) => ({ replica: r.name, up: r.up, replayLsn: r.replayLsn === null ? null : formatLsn(r.replayLsn), lastError: r.lastError ?? null }));
  }
}

/**
 * A failure that is the replica's, not the read's: the server is gone or restarting, or it
 * cancelled the statement for a recovery conflict (40001 with "conflict with recovery", 57P04?).
 */
export function isReplicaFailure(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  const e = err as { code?: string; driverError?: { code?: string; message?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  const message = e.driverError?.message ?? e.message ?? '';
  return code === '40001' && /conflict with recovery/i.test(message);
}

/** Thrown by a read that finds its replica behind what it needs: it runs again on the primary. */
export class ReplicaBehind extends Error {}

export interface ReadTarget {
  router?: ReadRouter;
  primary: DataSource;
  /** The client's causal token (x-hub-lsn) and anything the read itself just wrote. */
  atLeast: bigint | null;
}

/** Runs a read-only piece of work on a fresh-enough replica, else (or if the replica fails) on the primary. */
export async function onReadSource<T>(t: ReadTarget, work: (ds: DataSource, where: 'primary' | 'replica') => Promise<T>): Promise<T> {
  const r = t.router?.pick(t.atLeast) ?? null;
  if (!r) {
    if (t.router) t.router.served.primary += 1;
    return work(t.primary, 'primary');
  }
  try {
    const out = await work(r.ds, 'replica');
    t.router!.served.replica += 1;
    return out;
  } catch (err) {
    if (err instanceof ReplicaBehind) {
      t.router!.served.fallbacks += 1;
      return work(t.primary, 'primary');
    }
    if (!isReplicaFailure(err)) throw err;
    t.router!.markDown(r, err);
    t.router!.served.fallbacks += 1;
    return work(t.primary, 'primary');
  }
}

declare module '../common/services' {
  interface Services {
    /** Streaming read replicas for heavy reads (DATABASE_READ_URLS); absent: every read on the primary. */
    reads?: ReadRouter;
  }
}
