import argon2 from 'argon2';
import { z } from 'zod';
import type { Actor, Ctx, Role } from '../../context';
import { AppError, fromZod } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { queryNamed } from '../../common/prepared';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

// Verified when the username is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/**
 * The sign-in throttle (README "Sign-in throttling"). Counters live in `login_throttle`, one row
 * per key; an attempt takes its places in the counters (atomically) *before* the password is
 * checked, so a concurrent burst gets at most the limit's number of checks.
 * - `pair:<username>|<address>`: one account from one address. `pairLimit` failures within
 *   `windowMs` lock that pair (only) for `lockMs`.
 * - `addr:<address>`: one address across all usernames (password spraying): `addressLimit`.
 * - `user:<username>`: one account across all addresses (a distributed guess), the slower
 *   back-off: `accountLimit` failures within `accountWindowMs` lock it for `accountLockMs`, but
 *   only for addresses it has not signed in from in the last `trustMs` (`ok:<username>|<address>`),
 *   so the owner is never locked out from an address it uses.
 * Failed checks are slowed by `delayStepMs` per failure after `slowAfter` (at most `maxDelayMs`).
 */
export const THROTTLE = {
  pairLimit: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  addressLimit: 30,
  accountLimit: 20,
  accountWindowMs: 60 * 60_000,
  accountLockMs: 60 * 60_000,
  trustMs: 90 * 24 * 60 * 60_000,
  slowAfter: 2,
  delayStepMs: 400,
  maxDelayMs: 3_000,
};

const loginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) });

/** The one answer to every failed sign-in: unknown user, wrong password, inactive account, throttled. */
export const SIGN_IN_FAILED = 'sign-in failed: wrong username or password, or too many attempts (wait a few minutes and try again)';
const invalid = () => new AppError('UNAUTHENTICATED', SIGN_IN_FAILED);

interface Counter {
  key: string;
  limit: number;
  windowMs: number;
  lockMs: number;
}

export async function login(ctx: Ctx, raw: unknown) {
  const parsed = loginInput.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const username = parsed.data.username.toLowerCase();
  const address = ctx.clientAddress;
  const now = ctx.now();

  const pair: Counter = { key: `pair:${username}|${address}`, limit: THROTTLE.pairLimit, windowMs: THROTTLE.windowMs, lockMs: THROTTLE.lockMs };
  // Narrowest first: attempts a narrow counter refuses never inflate the wider ones, even briefly.
  const counters: Counter[] = [pair];
  if (!(await isTrustedAddress(ctx, username, address, now))) {
    counters.push({ key: `user:${username}`, limit: THROTTLE.accountLimit, windowMs: THROTTLE.accountWindowMs, lockMs: THROTTLE.accountLockMs });
  }
  counters.push({ key: `addr:${address}`, limit: THROTTLE.addressLimit, windowMs: THROTTLE.windowMs, lockMs: THROTTLE.lockMs });
  const reserved: Counter[] = [];
  try {
    let pairCount = 0;
    for (const c of counters) {
      const count = await reserve(ctx, c, now);
      if (count === null) {
        await release(ctx, reserved);
        ctx.log.info({ username, address, key: c.key.split(':')[0] }, 'sign-in refused: throttled');
        throw invalid();
      }
      if (c === pair) pairCount = count;
      reserved.push(c);
    }
    return await checkAndSignIn(ctx, { username, password: parsed.data.password, address, now, pair, reserved, pairCount });
  } catch (err) {
    // Neither a sign-in nor a failed check (the database failed on the way): give the places
    // back, so an outage does not lock people out.
    if (!(err instanceof AppError && err.code === 'UNAUTHENTICATED')) giveBack(ctx, reserved);
    throw err;
  }
}

interface Attempt {
  username: string;
  password: string;
  address: string;
  now: Date;
  pair: Counter;
  reserved: Counter[];
  pairCount: number;
}

async function checkAndSignIn(ctx: Ctx, { username, password, address, now, pair, reserved, pairCount }: Attempt) {
  const [row] = await ctx.em.query(`SELECT id, password_hash, active FROM account WHERE username = $1`, [username]);
  const hash = row?.password_hash ?? (await (dummyHash ??= hashPassword('not-a-real-password')));
  const ok = (await argon2.verify(hash, password).catch(() => false)) && row && row.active;
  if (!ok) {
    // The place taken stays taken: it is this failure's count, whether or not the lock and the audit event get written.
    await inTransaction({ ...ctx, actor: null }, async (tx) => {
      await lockReached(tx, reserved, now);
      await recordAudit(tx, { action: 'account.login_failed', entityType: 'SignIn', entityId: username, after: { address } });
    }).catch((err) => ctx.log.warn({ err, username, address }, 'could not record a failed sign-in'));
    const extra = Math.max(0, pairCount - THROTTLE.slowAfter);
    if (extra > 0) await new Promise((r) => setTimeout(r, Math.min(THROTTLE.maxDelayMs, extra * THROTTLE.delayStepMs)));
    throw invalid();
  }
  const actor = await loadActor(ctx, row.id);
  if (!actor) {
    await release(ctx, reserved);
    throw invalid();
  }
  const { token, expiresAt } = await ctx.services.tokens.sign({ accountId: actor.id, role: actor.role });
  await inTransaction({ ...ctx, actor }, async (tx) => {
    // This address is now the owner's: its failures are forgiven and the account-wide limit no longer applies to it.
    await tx.em.query(`DELETE FROM login_throttle WHERE key = $1`, [pair.key]);
    await release(tx, reserved.filter((c) => c !== pair));
    await tx.em.query(
      `INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES ($1, 0, $2, NULL)
       ON CONFLICT (key) DO UPDATE SET window_started_at = GREATEST(login_throttle.window_started_at, EXCLUDED.window_started_at)`,
      [`ok:${username}|${address}`, now],
    );
    await recordAudit(tx, { action: 'account.login', entityType: 'Account', entityId: actor.id });
  });
  return { token, expiresAt, accountId: actor.id };
}

async function isTrustedAddress(ctx: Ctx, username: string, address: string, now: Date): Promise<boolean> {
  const rows = await ctx.em.query(`SELECT 1 FROM login_throttle WHERE key = $1 AND window_started_at > $2::timestamptz - make_interval(secs => $3)`, [
    `ok:${username}|${address}`,
    now,
    THROTTLE.trustMs / 1000,
  ]);
  return rows.length > 0;
}

/**
 * Takes one place in a counter, in one statement: a new window (or an expired lock) starts over
 * at 1; otherwise the count goes up only while the key is not locked and below its limit, so
 * concurrent attempts can never take more places than the limit. Returns the count, or null when
 * refused. Row locking of INSERT … ON CONFLICT DO UPDATE serialises the attempts on one key.
 */
async function reserve(ctx: Ctx, c: Counter, now: Date): Promise<number | null> {
  const fresh = `(CASE WHEN t.locked_until IS NULL THEN t.window_started_at <= $2::timestamptz - make_interval(secs => $4) ELSE t.locked_until <= $2::timestamptz END)`;
  const rows: { failures: number }[] = await ctx.em.query(
    `INSERT INTO login_throttle AS t (key, failures, window_started_at, locked_until) VALUES ($1, 1, $2, NULL)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN ${fresh} THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN ${fresh} THEN $2::timestamptz ELSE t.window_started_at END,
       locked_until = CASE WHEN ${fresh} THEN NULL ELSE t.locked_until END
     WHERE ${fresh} OR (t.locked_until IS NULL AND t.failures < $3)
     RETURNING t.failures`,
    [c.key, now, c.limit, c.windowMs / 1000],
  );
  return rows.length ? Number(rows[0].failures) : null;
}

/** Gives back the places an attempt took (it succeeded, or another counter refused it). */
async function release(ctx: Ctx, counters: Counter[]): Promise<void> {
  if (!counters.length) return;
  await ctx.em.query(`UPDATE login_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = ANY($1::text[])`, [counters.map((c) => c.key)]);
}

/**
 * `release` for an attempt the database failed: in the background, retried for a few seconds,
 * because the connection it would use right away is likely to have died with the one that failed.
 * The reply does not wait for it.
 */
function giveBack(ctx: Ctx, counters: Counter[]): void {
  if (!counters.length) return;
  const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
  void (async () => {
    for (const wait of [0, 100, 400, 1_500, 5_000]) {
      if (wait) await pause(wait);
      try {
        return await release(ctx, counters);
      } catch {
        // the database is still away: try again shortly
      }
    }
    ctx.log.warn({ keys: counters.map((c) => c.key) }, 'could not give back sign-in throttle places; they lapse with their window');
  })();
}

/** After a failed check: every counter that has reached its limit is locked from now. */
async function lockReached(ctx: Ctx, counters: Counter[], now: Date): Promise<void> {
  await ctx.em.query(
    `UPDATE login_throttle t SET locked_until = $2::timestamptz + make_interval(secs => v.lock_secs)
       FROM unnest($1::text[], $3::int[], $4::float8[]) AS v(key, lim, lock_secs)
      WHERE t.key = v.key AND t.failures >= v.lim AND t.locked_until IS NULL`,
    [counters.map((c) => c.key), now, counters.map((c) => c.limit), counters.map((c) => c.lockMs / 1000)],
  );
}

/**
 * The actor behind a token: the account with its teams and its sites (those it manages, or works
 * at as registered staff), in one statement.
 */
const TEAM_IDS = (a: string) => `ARRAY(SELECT team_id::text FROM team_member WHERE account_id = ${a}.id ORDER BY team_id)`;
const SITE_IDS = (a: string) =>
  `ARRAY(SELECT site_id::text FROM site_manager WHERE account_id = ${a}.id
                  UNION SELECT site_id::text FROM site_staff WHERE account_id = ${a}.id ORDER BY 1)`;

/**
 * A condition, true exactly while the account still signs in as `actor` (active, and every
 * field of the actor the same, derived as `loadActor` derives them), with its parameters from
 * `$first` on. A compiled read carries it in its own statement for an actor taken from the
 * server's per-token memory (src/server.ts), so access stays as current as a fresh lookup.
 */
export function actorUnchanged(actor: Actor, first: number): { sql: string; params: unknown[] } {
  return { sql: actorUnchangedSql(first), params: [actor.id, actor.username, actor.role, actor.agencyId, actor.teamIds, actor.siteIds] };
}
const actorUnchangedTexts: string[] = [];
function actorUnchangedSql(first: number): string {
  return (actorUnchangedTexts[first] ??= actorUnchangedText(first));
}
function actorUnchangedText(first: number): string {
  const [id, username, role, agency, teams, sites] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return `EXISTS (SELECT 1 FROM account a WHERE a.id = ${id}::uuid AND a.active AND a.username = ${username}::text AND a.role::text = ${role}::text
             AND a.agency_id IS NOT DISTINCT FROM ${agency}::uuid AND ${TEAM_IDS('a')} = ${teams}::text[] AND ${SITE_IDS('a')} = ${sites}::text[])`;
}

export async function loadActor(ctx: Pick<Ctx, 'em'> & { config?: Pick<Ctx['config'], 'preparedStatements'> }, accountId: string): Promise<Actor | null> {
  // Every signed-in request runs it: a named prepared statement (src/common/prepared.ts).
  const [row] = await queryNamed<{ id: string; username: string; role: string; agency_id: string | null; active: boolean; team_ids: string[]; site_ids: string[] }>(
    ctx.em,
    // Unnamed where prepared statements are off (PgBouncer older than 1.21 in transaction mode).
    ctx.config?.preparedStatements === false ? null : 'epi_load_actor',
    `SELECT a.id, a.username, a.role, a.agency_id, a.active,
            ${TEAM_IDS('a')} AS team_ids,
            ${SITE_IDS('a')} AS site_ids
       FROM account a WHERE a.id = $1`,
    [accountId],
  );
  if (!row || !row.active) return null;
  return { id: row.id, username: row.username, role: row.role as Role, agencyId: row.agency_id, teamIds: row.team_ids, siteIds: row.site_ids };
}
