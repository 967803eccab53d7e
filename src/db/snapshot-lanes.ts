import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/*
 * Read-only work split over a few pooled connections that all read ONE snapshot.
 *
 * The first lane opens the REPEATABLE READ READ ONLY transaction as before and, when more lanes
 * are worth having and the pool can spare them, exports its snapshot (pg_export_snapshot()).
 * Each further lane takes a connection of its own, opens
 *   BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '<id>'
 * and takes pieces of work from the same queue until it is empty, then commits. Every piece of
 * work sees exactly the database the first lane sees, whichever lane runs it: a write committed
 * meanwhile is in none of them. The first lane keeps its transaction (and so the exported
 * snapshot) open until every lane that imported it has finished.
 *
 * Bounded so reads of this kind cannot starve the pool:
 *   - at most `lanes` lanes, the first included;
 *   - a further lane only while the pool has a connection idle or room for one beyond a reserve
 *     left for everything else (a quarter of the pool, at least 2), nobody is waiting for one,
 *     and the further lanes of all such reads on this pool stay within half the pool;
 *   - a further lane is never waited for: the first lane starts working at once and takes the
 *     next piece itself; a lane whose connection comes after the queue is empty (or after the
 *     first lane has finished) hands it straight back without a statement.
 * With a small or busy pool this is the one transaction of before, statement for statement.
 */

export interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

/** The data source's pg pool, when there is one to read (the postgres driver's `master`). */
function poolOf(ds: DataSource): PgPool | null {
  const pool = (ds.driver as unknown as { master?: PgPool }).master;
  return pool && typeof pool.totalCount === 'number' && pool.options ? pool : null;
}

/** Further lanes currently taken (or being connected) by shared-snapshot reads, per data source. */
const borrowed = new WeakMap<DataSource, number>();

/**
 * How many further lanes (0 … wanted) a pool in this state can spare: a quarter of it (at least 2)
 * stays for everything else, nothing is taken while anyone waits for a connection, and the further
 * lanes of all reads (`taken` already) stay within half of it.
 */
export function spareLanes(pool: PgPool, taken: number, wanted: number): number {
  if (wanted <= 0) return 0;
  const max = pool.options.max;
  const reserve = Math.max(2, Math.ceil(max / 4));
  const spare = pool.waitingCount > 0 ? 0 : pool.idleCount + (max - pool.totalCount) - reserve;
  return Math.max(0, Math.min(wanted, spare, Math.floor(max / 2) - taken));
}

/** How many further lanes (0 … wanted) the pool can spare now; they are counted as borrowed. */
function borrowLanes(ds: DataSource, wanted: number): number {
  const pool = poolOf(ds);
  if (!pool) return 0;
  const taken = borrowed.get(ds) ?? 0;
  const n = spareLanes(pool, taken, wanted);
  if (n > 0) borrowed.set(ds, taken + n);
  return n;
}

function giveBack(ds: DataSource): void {
  borrowed.set(ds, Math.max(0, (borrowed.get(ds) ?? 1) - 1));
}

/** Test hooks: run once a snapshot is exported, before any further lane has imported it. */
export const snapshotLaneHooks: { afterExport?: (info: { lanes: number }) => Promise<void> | void } = {};

export type Work<R> = { [K in keyof R]: (em: EntityManager) => Promise<R[K]> };

export interface SnapshotLaneOptions {
  /** Lanes wanted, the first included (1: one transaction, as before). */
  lanes: number;
  /** Run in the first lane's transaction before anything else (e.g. a check that may throw). */
  first?: (em: EntityManager) => Promise<void>;
  /**
   * Every lane runs its named prepared statements on their generic plans (plan_cache_mode
   * force_generic_plan), for work whose generic plans are known to be good: see the report's
   * use of it.
   */
  genericPlans?: boolean;
}

/** The settings of every lane's transaction. */
const laneSettings = (opts: SnapshotLaneOptions) =>
  `SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0${opts.genericPlans ? '; SET LOCAL plan_cache_mode = force_generic_plan' : ''}`;

/**
 * Runs each piece of `work` (an object of named functions; the result has the same names) in one
 * REPEATABLE READ READ ONLY snapshot with JIT off, on up to `lanes` connections of `ds`. Pieces
 * are started in the object's order: put the longest first.
 */
export function inSharedSnapshot<R extends Record<string, unknown>>(ds: DataSource, opts: SnapshotLaneOptions, work: Work<R>): Promise<R> {
  const names = Object.keys(work) as (keyof R)[];
  return ds.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    if (opts.first) await opts.first(em);
    // Many short index lookups: compiling them (JIT, above its cost threshold) costs more than it
    // saves; and no parallel workers: the pieces already share the cores on lanes, and a Gather's
    // workers take ~20 ms to start, which the planner spent on a scan it guessed at 649k rows of
    // a partial index that held none (the as-of compliance's late entries, province).
    await em.query(laneSettings(opts));
    const out = {} as R;
    const q = { next: 0, failed: null as { err: unknown } | null, closed: false };
    const take = async (lem: EntityManager) => {
      while (!q.failed && q.next < names.length) {
        const k = names[q.next++];
        try {
          out[k] = await work[k](lem);
        } catch (err) {
          if (!q.failed) q.failed = { err };
          throw err;
        }
      }
    };
    const extra = borrowLanes(ds, Math.min(opts.lanes, names.length) - 1);
    if (extra === 0) {
      await take(em);
      return out;
    }
    let joined: Promise<void>[] = [];
    try {
      const [{ id }] = await em.query('SELECT pg_export_snapshot() AS id');
      if (snapshotLaneHooks.afterExport) await snapshotLaneHooks.afterExport({ lanes: extra + 1 });
      for (let i = 0; i < extra; i++) void lane(ds, id as string, laneSettings(opts), q, names.length, take, (p) => joined.push(p));
      await take(em);
    } finally {
      // No lane joins after this; wait for those that did (they read this transaction's snapshot).
      q.closed = true;
      const settled = await Promise.allSettled(joined);
      joined = [];
      if (!q.failed) for (const s of settled) if (s.status === 'rejected') q.failed = { err: s.reason };
    }
    if (q.failed) throw q.failed.err;
    return out;
  });
}

/**
 * One further lane: a connection, then (if there is still work and the first lane is still
 * open) the imported snapshot and pieces of work until none is left. `join` registers the
 * lane's promise with the first lane synchronously, before its first statement.
 */
async function lane(ds: DataSource, snapshot: string, settings: string, q: { next: number; closed: boolean; failed: unknown }, total: number, take: (em: EntityManager) => Promise<void>, join: (p: Promise<void>) => void): Promise<void> {
  let qr: QueryRunner | null = null;
  try {
    qr = ds.createQueryRunner('master');
    await qr.connect();
  } catch {
    // No connection to spare after all: the other lanes do the work.
    if (qr) await qr.release().catch(() => undefined);
    giveBack(ds);
    return;
  }
  if (q.closed || q.failed || q.next >= total) {
    await qr.release().catch(() => undefined);
    giveBack(ds);
    return;
  }
  const runner = qr;
  const run = (async () => {
    let open = true;
    try {
      try {
        await runner.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'; ${settings}`);
      } catch {
        // The snapshot could not be imported here: this lane drops out, the others do the work.
        return;
      }
      await take(runner.manager);
      await runner.query('COMMIT');
      open = false;
    } finally {
      if (open) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release().catch(() => undefined);
      giveBack(ds);
    }
  })();
  join(run);
  await run.catch(() => undefined);
}
