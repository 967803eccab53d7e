import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import { AppError } from '../../common/errors';
import { requireActor } from '../../common/authorize';
import { assertInTransaction } from '../../common/transaction';

/** Stable JSON: object keys sorted, so the same input always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const hashInput = (input: unknown) => createHash('sha256').update(canonicalJson(input)).digest('hex');

export interface IdempotentResult {
  resultId: string;
  /** True when this call returned what an earlier call with the same key created. */
  replayed: boolean;
}

/**
 * Runs `create` at most once per (actor, operation, key), inside the caller's transaction.
 * The INSERT of the key row takes the unique index: a concurrent duplicate blocks on it until
 * the first transaction ends, then sees its row (commit) or takes over (rollback). `input` should
 * be the mutation input without the key itself. A caller that knows the id `create` will return
 * (one it generated) passes it as `resultId`: the key row is written with it at once, which saves
 * the UPDATE afterwards (other transactions see the row only once this one commits).
 */
export async function idempotent(ctx: Ctx, operation: string, key: string, input: unknown, create: () => Promise<string>, resultId?: string): Promise<IdempotentResult> {
  assertInTransaction(ctx);
  const actor = requireActor(ctx);
  if (!key || key.length > 200) throw new AppError('BAD_USER_INPUT', 'idempotencyKey must be 1 to 200 characters', { field: 'input.idempotencyKey' });
  const requestHash = hashInput(input);
  const inserted: unknown[] = await ctx.em.query(
    `INSERT INTO idempotency_record (actor_id, operation, key, request_hash, result_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [actor.id, operation, key, requestHash, resultId ?? null],
  );
  if (inserted.length === 0) {
    const [row] = await ctx.em.query(`SELECT request_hash, result_id FROM idempotency_record WHERE actor_id = $1 AND operation = $2 AND key = $3`, [actor.id, operation, key]);
    if (!row || row.request_hash !== requestHash) {
      throw new AppError('CONFLICT', 'this idempotencyKey was already used with different input', { field: 'input.idempotencyKey' });
    }
    return { resultId: row.result_id, replayed: true };
  }
  const created = await create();
  if (resultId === undefined) {
    await ctx.em.query(`UPDATE idempotency_record SET result_id = $4 WHERE actor_id = $1 AND operation = $2 AND key = $3`, [actor.id, operation, key, created]);
  } else if (created !== resultId) {
    throw new AppError('INTERNAL_SERVER_ERROR', `${operation} created ${created}, not the ${resultId} it announced`);
  }
  return { resultId: created, replayed: false };
}
