import argon2 from 'argon2';
import { z } from 'zod';
import type { Actor, Ctx, Role } from '../../context';
import { AppError, fromZod } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

// Verified when the username is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Failed sign-ins: slower after a few, then locked for a while (per account and per address). */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountLockAfter: 5,
  addressLockAfter: 20,
  slowAfter: 2,
  delayStepMs: 400,
  maxDelayMs: 3_000,
};

const loginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) });

const invalid = () => new AppError('UNAUTHENTICATED', 'wrong username or password');

export async function login(ctx: Ctx, raw: unknown) {
  const parsed = loginInput.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  const username = parsed.data.username.toLowerCase();
  const keys = [`user:${username}`, `addr:${ctx.clientAddress}`];
  const now = ctx.now();

  const state = await throttleState(ctx, keys, now);
  if (state.lockedUntil) {
    const minutes = Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60_000));
    throw new AppError('UNAUTHENTICATED', `too many failed sign-ins; try again in ${minutes} minute(s)`, { retryAfterSeconds: minutes * 60 });
  }

  const [row] = await ctx.em.query(`SELECT id, password_hash, active FROM account WHERE username = $1`, [username]);
  const hash = row?.password_hash ?? (await (dummyHash ??= hashPassword('not-a-real-password')));
  const ok = (await argon2.verify(hash, parsed.data.password).catch(() => false)) && row && row.active;
  if (!ok) {
    const failures = await recordFailure(ctx, keys, now);
    const extra = Math.max(0, failures - THROTTLE.slowAfter);
    if (extra > 0) await new Promise((r) => setTimeout(r, Math.min(THROTTLE.maxDelayMs, extra * THROTTLE.delayStepMs)));
    throw invalid();
  }
  await ctx.em.query(`DELETE FROM login_throttle WHERE key = $1`, [keys[0]]);
  const actor = await loadActor(ctx, row.id);
  if (!actor) throw invalid();
  const { token, expiresAt } = await ctx.services.tokens.sign({ accountId: actor.id, role: actor.role });
  await inTransaction({ ...ctx, actor }, (tx) => recordAudit(tx, { action: 'account.login', entityType: 'Account', entityId: actor.id }));
  return { token, expiresAt, accountId: actor.id };
}

async function throttleState(ctx: Ctx, keys: string[], now: Date): Promise<{ lockedUntil: Date | null }> {
  const rows: { locked_until: Date | null }[] = await ctx.em.query(`SELECT locked_until FROM login_throttle WHERE key = ANY($1) AND locked_until > $2 ORDER BY locked_until DESC`, [keys, now]);
  return { lockedUntil: rows[0]?.locked_until ?? null };
}

/** Counts one failure on each key (atomically), locking a key that reaches its limit. */
async function recordFailure(ctx: Ctx, keys: string[], now: Date): Promise<number> {
  let worst = 0;
  for (const key of keys) {
    const limit = key.startsWith('user:') ? THROTTLE.accountLockAfter : THROTTLE.addressLockAfter;
    const [r] = await ctx.em.query(
      `INSERT INTO login_throttle (key, failures, window_started_at, locked_until) VALUES ($1, 1, $2, NULL)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_started_at < $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE login_throttle.failures + 1 END,
         window_started_at = CASE WHEN login_throttle.window_started_at < $2::timestamptz - make_interval(secs => $3) THEN $2 ELSE login_throttle.window_started_at END
       RETURNING failures`,
      [key, now, THROTTLE.windowMs / 1000],
    );
    const failures = Number(r.failures);
    if (failures >= limit) {
      await ctx.em.query(`UPDATE login_throttle SET locked_until = $2::timestamptz + make_interval(secs => $3), failures = 0, window_started_at = $2 WHERE key = $1`, [key, now, THROTTLE.lockMs / 1000]);
    }
    if (key.startsWith('user:')) worst = Math.max(worst, failures);
  }
  return worst;
}

/**
 * The actor behind a token: the account with its teams and its sites (those it manages, or works
 * at as registered staff), in one statement.
 */
export async function loadActor(ctx: Pick<Ctx, 'em'>, accountId: string): Promise<Actor | null> {
  const [row] = await ctx.em.query(
    `SELECT a.id, a.username, a.role, a.agency_id, a.active,
            ARRAY(SELECT team_id::text FROM team_member WHERE account_id = a.id ORDER BY team_id) AS team_ids,
            ARRAY(SELECT site_id::text FROM site_manager WHERE account_id = a.id
                  UNION SELECT site_id::text FROM site_staff WHERE account_id = a.id ORDER BY 1) AS site_ids
       FROM account a WHERE a.id = $1`,
    [accountId],
  );
  if (!row || !row.active) return null;
  return { id: row.id, username: row.username, role: row.role as Role, agencyId: row.agency_id, teamIds: row.team_ids, siteIds: row.site_ids };
}
