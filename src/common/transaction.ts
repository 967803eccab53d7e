import type { Ctx } from '../context';
import { AppError } from './errors';

/**
 * One mutation, one transaction. Everything the mutation writes, its audit events included,
 * goes through `tx.em`, so it commits or rolls back as a whole. A fresh loader registry keeps
 * reads inside the transaction from seeing values cached before it. Callbacks registered in
 * `tx.afterCommit` (sealing the audit chain, publishing live events) run only after COMMIT.
 */
export async function inTransaction<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.afterCommit) return work(ctx); // already inside one: join it
  const afterCommit: (() => void | Promise<void>)[] = [];
  const result = await ctx.ds.transaction(async (em) => work({ ...ctx, em, loaders: new Map(), afterCommit }));
  for (const fn of afterCommit) {
    try {
      await fn();
    } catch (err) {
      ctx.log.error({ err }, 'after-commit hook failed');
    }
  }
  return result;
}

/** Guards code that must only run inside a mutation's transaction (audit writes). */
export function assertInTransaction(ctx: Ctx): void {
  if (!ctx.afterCommit || !ctx.em.queryRunner?.isTransactionActive) {
    throw new AppError('INTERNAL_SERVER_ERROR', 'write attempted outside a transaction');
  }
}

/**
 * Optimistic concurrency: `UPDATE … WHERE id = $1 AND version = $2`. TypeORM's save() with
 * @VersionColumn overwrites a stale row (typeorm#2848), so stale-version checks go through here.
 * Returns the updated row; 0 rows means someone else changed it first: CONFLICT.
 */
export async function updateVersioned<T extends Record<string, unknown>>(
  ctx: Ctx,
  table: string,
  id: string,
  expectedVersion: number,
  changes: Record<string, unknown>,
): Promise<T> {
  const cols = Object.keys(changes);
  // A status moves only through common/state-machine.ts (its table, its permission, its audit shape).
  if (cols.includes('status')) throw new AppError('INTERNAL_SERVER_ERROR', `${table}.status is changed by transition(), not updateVersioned()`);
  const sets = cols.map((c, i) => `"${c}" = $${i + 3}`);
  sets.push('version = version + 1', 'updated_at = now()');
  const rows: T[] = await ctx.em.query(
    `UPDATE "${table}" SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
    [id, expectedVersion, ...cols.map((c) => changes[c])],
  ).then((r: [T[], number] | T[]) => (Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[])));
  if (rows.length === 0) {
    throw new AppError('CONFLICT', `this ${table.replace(/_/g, ' ')} was changed by someone else since version ${expectedVersion}; reload and try again`, {
      field: 'input.version',
      expectedVersion,
    });
  }
  return rows[0];
}
