import { withoutDeadline } from '../../common/deadline';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryPrepared } from '../../common/prepared';

/** Anything that runs SQL: a DataSource or a request's EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}
import type { Logger } from 'pino';
import { canonicalJson } from '../idempotency/idempotency.service';
import type { AuditSealer } from './audit-sealer';

/**
 * The audit hash chain.
 *
 * Writers insert audit_event rows inside their own transactions and never touch the chain, so
 * no write in the hub waits on a global lock. After a commit, the sealer appends audit_seal rows
 * in order: seal n holds hash_n = sha256(hash_{n-1} + "\n" + canonical(event)). Only sealers
 * serialise (on a transaction-scoped advisory lock), so several hub processes can share a
 * database. Both tables reject UPDATE, DELETE and TRUNCATE (triggers in the migration).
 */
export const GENESIS = '0'.repeat(64);
const SEAL_LOCK = 727_001;
const BATCH = 500;
/** Events are looked for this far below the newest sealed id (transactions commit out of id order). */
const LOOKBACK = 10_000;
/**
 * The least time between the starts of two runs asked for by commits (see makeAuditSealer). Each
 * run is a transaction of 5 statements; at 50 ms, under a stream of filings (150–200 a second,
 * 2 statements each) the sealer's runs were about a fifth of the hub's statements. At 250 ms they
 * are 20 statements a second, and an event committed under load is sealed within about a quarter
 * of a second instead of a twentieth (the event itself commits with its change, as before).
 */
const KICK_GAP_MS = 250;
/** Runs asked for by commits look LOOKBACK events back at most this often (the others only above the head). */
const LOOKBACK_EVERY_MS = 1000;

export interface SealableEvent {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: unknown;
  request_id: string | null;
}

export const EVENT_COLUMNS = `e.id::text AS id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  e.actor_id, e.actor_username, e.actor_role, e.action, e.entity_type, e.entity_id, e.changes, e.request_id`;

export function eventHash(prevHash: string, e: SealableEvent): string {
  const content = canonicalJson({
    id: e.id,
    occurredAt: e.occurred_at,
    actorId: e.actor_id,
    actorUsername: e.actor_username,
    actorRole: e.actor_role,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    changes: e.changes,
    requestId: e.request_id,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * The chain's head and the events after it in one statement (the head's columns on every row; one
 * row of NULL events when there are none). Order by the bigint column, not the text alias (which
 * would put seal 9 after seal 10). Unsealed events above `above` (the bound: 0 for a sweep, the
 * head's event for a run that looks only above it, LOOKBACK events below it for a look-back) are
 * found by id in two parts (a sweep's bound is $3, its floor: 0 unless makeAuditSealer knows better):
 *  - between the bound and the head's event (a look-back's window only: `gap_top` is the bound
 *    otherwise): the ids in that range that no seal names, as the holes between consecutive
 *    sealed ids there (one pass over audit_seal's event ids in the window, a narrow table, the
 *    bound and gap_top + 1 closing it at both ends; probing each of the 10,000 ids took about
 *    twice as long), then those ids looked up in audit_event by id: mostly none (ids of
 *    rolled-back transactions), an event only where one committed out of id order. The events'
 *    side of the window is never scanned: its rows were the look-back's dearest part (each id's
 *    heap row read to see it visible, the events are wide: 40–360 ms a run under a stream of
 *    filings, once a second, against about half then);
 *  - above that: every event, anti-joined with the seals above it (both sides bounded below), as
 *    a sweep and a head-only run always did; only up to $4 when given (a sweep's ceiling: the
 *    newest event when it began, see sealPending).
 */
const FIND_PENDING = `WITH head AS (SELECT s.seq, s.hash, s.event_id FROM audit_seal s ORDER BY s.seq DESC LIMIT 1),
     bound AS (SELECT b.above, CASE WHEN $1::boolean OR $2::boolean OR h.event_id IS NULL THEN b.above ELSE greatest(b.above, h.event_id) END AS gap_top
                 FROM (SELECT 1) AS one LEFT JOIN head h ON true
                 CROSS JOIN LATERAL (SELECT CASE WHEN h.event_id IS NULL THEN 0 WHEN $1::boolean THEN $3::bigint WHEN $2::boolean THEN h.event_id ELSE greatest(0, h.event_id - ${LOOKBACK}) END AS above) b),
     gaps AS (SELECT g.id
                FROM (SELECT w.id, lag(w.id) OVER (ORDER BY w.id) AS prev
                        FROM (SELECT (SELECT above FROM bound) AS id
                              UNION ALL SELECT s.event_id FROM audit_seal s WHERE s.event_id > (SELECT above FROM bound) AND s.event_id <= (SELECT gap_top FROM bound)
                              UNION ALL SELECT (SELECT gap_top FROM bound) + 1) AS w) AS h
                CROSS JOIN LATERAL generate_series(h.prev + 1, h.id - 1) AS g(id)
               WHERE h.id > h.prev + 1),
     pending AS ((SELECT x.id FROM audit_event x WHERE x.id = ANY (ARRAY(SELECT gp.id FROM gaps gp)) ORDER BY x.id LIMIT ${BATCH})
                 UNION ALL
                 (SELECT x.id FROM audit_event x
                   WHERE x.id > (SELECT gap_top FROM bound) AND ($4::bigint IS NULL OR x.id <= $4::bigint)
                     AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = x.id AND s.event_id > (SELECT gap_top FROM bound))
                   ORDER BY x.id LIMIT ${BATCH})
                 ORDER BY 1 LIMIT ${BATCH})
   SELECT h.seq::text AS head_seq, h.hash AS head_hash, ev.*
     FROM (SELECT 1) AS one LEFT JOIN head h ON true
     LEFT JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM audit_event e WHERE e.id = ANY (ARRAY(SELECT p.id FROM pending p))) ev ON true
    ORDER BY ev.id::bigint`;

/**
 * The run's seals in one statement whatever their number (one text, prepared once per connection,
 * where a VALUES list of 4 parameters a seal was a new text for each count, parsed and planned
 * every run): seq runs on from $1, each seal's prev_hash is the hash before it ($4 for the first).
 */
const INSERT_SEALS = `INSERT INTO audit_seal (seq, event_id, prev_hash, hash)
  SELECT $1::bigint + s.n - 1, s.event_id, coalesce(lag(s.hash) OVER (ORDER BY s.n), $4::text), s.hash
    FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS s(event_id, hash, n)`;

/**
 * Every statement of a sealing run wants a few rows by key: the chain's head, the ids of a
 * window, the events to hash, and the key check of each new seal (the foreign key to
 * audit_event). Their plans are kept per connection (the prepared FIND_PENDING, the key check's
 * plan that PostgreSQL keeps for itself) and made again only after an ANALYZE of the table. Made
 * while the trail was a few rows long (a new database, or a bulk-loaded one that has no events),
 * they are sequential scans, and stay so where autovacuum is off or has not yet run: each seal
 * then read the whole of audit_event (measured on the county seed under the filing benchmark:
 * ~3,900 rows read per filing, ~10 % of the database's CPU). Turned off for the run's
 * transaction (`set_config(…, true)`), the planner takes the indexes whatever its statistics say.
 */
const INDEX_ONLY = `set_config('enable_seqscan', 'off', true)`;

/**
 * Seals every committed, unsealed event; returns how many it sealed. Where it looks: above
 * `floor`, 0 by default (`true`, a sweep), from LOOKBACK events below the newest sealed one
 * (`false`), or only above the newest sealed one (`'head'`: a run right after another, which
 * leaves events committed out of id order to the next run that looks back).
 *
 * `ceiling` (a sweep's): the newest event id when the sweep began; nothing above it is sealed. A
 * sweep is for what the runs after commits missed, which is all below it. Without it, a sweep
 * under a stream of writes chased them: each of its batches read every event above its floor
 * (from 0 in a process's first two minutes, or while a long transaction anywhere holds the
 * floor back: 100–800 ms a batch on the county seed), more than a batch of new events had
 * committed meanwhile, so it went on until the stream stopped, holding the seal lock the runs
 * after commits wait on (38 batches, 6.7 s of PostgreSQL time in one ten-second window of the
 * filing benchmark). And the sweep seals what is above the chain's head first ('head', by the
 * batch, cheap), so that its own read of everything above its floor runs once, not once per
 * batch of a backlog (a burst the runs after commits have not yet reached).
 */
export async function sealPending(ds: DataSource, fullSweep: boolean | 'head' = false, prepared = false, floor = '0', ceiling: string | null = null): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ds.transaction(async (em) => {
      // The lock first, in its own statement: the read below must take its snapshot after it.
      // With it, INDEX_ONLY: this transaction's statements plan without sequential scans.
      await em.query(`SELECT pg_advisory_xact_lock($1), ${INDEX_ONLY}`, [SEAL_LOCK]);
      // The chain's head and the events after it (FIND_PENDING).
      const found: (Partial<SealableEvent> & { head_seq: string | null; head_hash: string | null })[] = await queryPrepared(em, prepared, 'epi_seal', FIND_PENDING, [fullSweep === true, fullSweep === 'head', floor, ceiling]);
      const last = found[0].head_seq === null ? null : { seq: found[0].head_seq, hash: found[0].head_hash! };
      const events = (found[0].id == null ? [] : found) as SealableEvent[];
      if (events.length === 0) return 0;
      const first = (last ? BigInt(last.seq) : 0n) + 1n;
      const before = last?.hash ?? GENESIS;
      let prev = before;
      const ids: string[] = [];
      const hashes: string[] = [];
      for (const e of events) {
        ids.push(e.id);
        hashes.push((prev = eventHash(prev, e)));
      }
      await queryPrepared(em, prepared, 'epi_seal', INSERT_SEALS, [first.toString(), ids, hashes, before]);
      return events.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

export interface ChainReport {
  ok: boolean;
  sealedEvents: number;
  unsealedEvents: number;
  /** What is wrong, first problem first (empty when ok). */
  problems: { seq: string | null; eventId: string | null; problem: string }[];
  headHash: string;
}

/**
 * Walks the whole chain and recomputes every hash from the events as stored now. Detects an
 * event altered or removed after sealing, a seal altered or removed, and events left unsealed.
 */
export async function verifyChain(db: Queryable, maxProblems = 20): Promise<ChainReport> {
  const problems: ChainReport['problems'] = [];
  let prev = GENESIS;
  let expectedSeq = 1n;
  let count = 0;
  let afterSeq = '0';
  for (;;) {
    const rows: (SealableEvent & { seq: string; event_id: string; prev_hash: string; hash: string; present: boolean })[] = await db.query(
      `SELECT s.seq::text AS seq, s.event_id::text AS event_id, s.prev_hash, s.hash, (e.id IS NOT NULL) AS present, ${EVENT_COLUMNS}
         FROM audit_seal s LEFT JOIN audit_event e ON e.id = s.event_id
        WHERE s.seq > $1 ORDER BY s.seq LIMIT 5000`,
      [afterSeq],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      const add = (problem: string, seq: string | null = r.seq, eventId: string | null = r.event_id) => problems.length < maxProblems && problems.push({ seq, eventId, problem });
      // A gap names the missing positions themselves (their event ids went with the seals).
      for (let m = expectedSeq; m < BigInt(r.seq) && m < expectedSeq + 5n; m++) add(`seal ${m} has been removed from the chain`, m.toString(), null);
      if (r.prev_hash !== prev) add('seal does not continue the chain (its prev_hash is not the previous seal\'s hash)');
      if (!r.present) add('the sealed event has been removed');
      else if (eventHash(r.prev_hash, r) !== r.hash) add('the event (or its seal) was altered after it was sealed');
      prev = r.hash;
      expectedSeq = BigInt(r.seq) + 1n;
    }
    afterSeq = rows[rows.length - 1].seq;
  }
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = e.id)`);
  return { ok: problems.length === 0, sealedEvents: count, unsealedEvents: n, problems, headHash: prev };
}

/**
 * What a sweep's snapshot shows: the oldest transaction still running, the next id to be given,
 * the newest event, and the floor kept in the database (bigints as text; the last NULL when none).
 */
const SWEEP_SNAPSHOT = `SELECT pg_snapshot_xmin(s.snap)::text AS xmin, pg_snapshot_xmax(s.snap)::text AS xmax, (SELECT coalesce(max(e.id), 0) FROM audit_event e)::text AS "maxId",
    (SELECT f.event_id::text FROM audit_sweep_floor f) AS "storedFloor"
  FROM (SELECT pg_current_snapshot() AS snap) AS s`;
/** Keeps a floor in the database (migration AuditSweepFloor); it only rises. */
const STORE_FLOOR = `INSERT INTO audit_sweep_floor (id, event_id) VALUES (1, $1::bigint)
  ON CONFLICT (id) DO UPDATE SET event_id = greatest(audit_sweep_floor.event_id, EXCLUDED.event_id), updated_at = now()`;
/**
 * How much later than a sweep's snapshot another must be taken for the first's newest event to
 * bound what can still commit below it (`SweepFloor`): a writer takes an event's id (nextval)
 * and then, inserting the row, its transaction id, microseconds apart. Ten seconds apart is a margin.
 */
const SWEEP_MARGIN_MS = 10_000;

/**
 * Where a sweep can start: every event at or below `floor` is sealed or will never commit. The
 * periodic sweep (every minute, per hub process) anti-joined the whole trail with the seals: 50 ms
 * at 120,000 events, ~0.5 s at 1,000,000, and growing with the years. It now starts at the floor.
 *
 * Why the floor holds. An event's id is taken before its snapshot A shows the newest event M (ids
 * are given in order: audit_event_id_seq keeps no per-connection cache, which a test checks), so
 * every event at or below M.id that A does not show belongs to a transaction that had taken its id
 * by then; its transaction id is given as it inserts the row, before a snapshot B taken
 * SWEEP_MARGIN_MS after A, so it is below B's xmax. A sweep whose own
 * snapshot's xmin is at least B's xmax starts after every such transaction ended: committed, its
 * events are visible to the sweep, which reads everything above the floor it started from. Once
 * that sweep has sealed all it found, the floor moves up to M.id. A failed sweep moves nothing.
 *
 * The floor is a fact about the database's events, so it is kept there too (audit_sweep_floor,
 * raised by the process that raised its own): a process starts from the floor kept there, or
 * from another process's when that is higher (`adopt`), instead of reading the whole trail at
 * start and in its first two minutes.
 */
export class SweepFloor {
  floor = '0';
  private seen: { at: number; xmax: bigint; maxId: bigint }[] = [];

  constructor(private readonly marginMs = SWEEP_MARGIN_MS) {}

  /** A floor that holds for the database (kept there): this one rises to it if it is higher. */
  adopt(stored: string | null): void {
    if (stored !== null && BigInt(stored) > BigInt(this.floor)) this.floor = stored;
  }

  /** A sweep's snapshot, taken before it reads: returns the floor it can start from, and what to call once it has sealed everything. */
  begin(now: number, snap: { xmin: string; xmax: string; maxId: string }): { from: string; done(): void } {
    const xmin = BigInt(snap.xmin);
    const current = { at: now, xmax: BigInt(snap.xmax), maxId: BigInt(snap.maxId) };
    const from = this.floor;
    return {
      from,
      done: () => {
        const seen = [...this.seen, current];
        // B: the latest snapshot whose xmax the sweep's xmin has passed; A: the latest the margin before it.
        let b = seen.length - 1;
        while (b >= 0 && seen[b].xmax > xmin) b--;
        let a = b;
        while (a >= 0 && seen[a].at > seen[b].at - this.marginMs) a--;
        if (a >= 0 && seen[a].maxId > BigInt(this.floor)) this.floor = seen[a].maxId.toString();
        this.seen = seen.slice(a + 1).slice(-50);
      },
    };
  }
}

/**
 * Seals in the background after each commit that wrote events, sweeps once at start (events a
 * crash left unsealed) and every minute (from its `SweepFloor`), and seals what is pending once
 * more when stopped. Runs go one after another; calls made while one runs share the single run
 * queued behind it, which starts after the call and so sees every commit made before it.
 */
export function makeAuditSealer({ ds, log, prepared = false, sweepMarginMs }: { ds: DataSource; log: Logger; prepared?: boolean; sweepMarginMs?: number }): AuditSealer {
  const sweeps = new SweepFloor(sweepMarginMs);
  const sweep = async () => {
    const [snap] = await ds.query(SWEEP_SNAPSHOT);
    sweeps.adopt(snap.storedFloor);
    const s = sweeps.begin(performance.now(), snap);
    // What is above the chain's head first, batch by batch (cheap: those events only), then the
    // sweep proper, which reads every event above its floor once to find what is left below.
    const n = (await sealPending(ds, 'head', prepared, '0', snap.maxId)) + (await sealPending(ds, true, prepared, s.from, snap.maxId));
    s.done();
    if (BigInt(sweeps.floor) > BigInt(snap.storedFloor ?? 0)) await ds.query(STORE_FLOOR, [sweeps.floor]);
    return n;
  };
  let tail: Promise<number> = Promise.resolve(0);
  let lastStart = 0;
  let lastLookback = 0;
  let followUp: NodeJS.Timeout | null = null;
  let queued: { full: boolean; promise: Promise<number> } | null = null;
  let stopped = false;
  const run = (full = false): Promise<number> => {
    if (queued) {
      queued.full ||= full;
      return queued.promise;
    }
    const job = { full, promise: Promise.resolve(0) };
    job.promise = tail.then(async () => {
      // A run after a commit starts KICK_GAP_MS at the earliest after the previous one started:
      // under a stream of writes one run seals the events of many (its statements are not paid
      // per write), and an event waits that much longer to be sealed. Sweeps do not wait.
      const wait = lastStart + KICK_GAP_MS - Date.now();
      if (!job.full && wait > 0) await new Promise((r) => setTimeout(r, wait));
      queued = null;
      lastStart = Date.now();
      if (stopped || !ds.isInitialized) return 0;
      try {
        // Looking LOOKBACK events back (an index scan and anti-join of 10,000 rows) once a second
        // at most: the runs between look only above the chain's head.
        // A run that did not look back makes sure one does within the second (a commit out of id
        // order is sealed then even when no further write asks for a run).
        const lookBack = job.full || lastStart - lastLookback >= LOOKBACK_EVERY_MS;
        if (lookBack) lastLookback = lastStart;
        else if (!followUp) {
          followUp = setTimeout(() => {
            followUp = null;
            void run();
          }, LOOKBACK_EVERY_MS);
          followUp.unref();
        }
        return await withoutDeadline(() => (job.full ? sweep() : sealPending(ds, lookBack ? false : 'head', prepared)));
      } catch (err) {
        log.error({ err }, 'sealing the audit chain failed; will retry');
        return 0;
      }
    });
    queued = job;
    tail = job.promise;
    return job.promise;
  };
  const timer = setInterval(() => void run(true), 60_000);
  timer.unref();
  const startup = setTimeout(() => void run(true), 0);
  startup.unref();
  return {
    kick() {
      if (!stopped) void run();
    },
    sealNow: () => run(true),
    sweepFloor: () => sweeps.floor,
    async stop() {
      clearInterval(timer);
      clearTimeout(startup);
      if (followUp) clearTimeout(followUp);
      // Requests have drained: seal what they committed, so a clean stop leaves nothing to sweep.
      if (!stopped) await run(true);
      stopped = true;
    },
  };
}
