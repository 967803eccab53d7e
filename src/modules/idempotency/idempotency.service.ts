import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import { AppError } from '../../common/errors';
import { requireActor } from '../../common/authorize';
import { assertInTransaction } from '../../common/transaction';

/**
 * Stable JSON: object keys sorted, so the same input always hashes the same. Its output must
 * never change (stored request hashes and the audit chain's hashes are made of it); written
 * with loops and one string rather than arrays of entries (it hashes every filing's input).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // JSON.stringify's text for a number is String's (-0 included); non-finite ones are null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value ?? null);
  }
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  // Default sort: UTF-16 code units, the order `a < b` gives.
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quotedKey(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** JSON.stringify of an object key, kept for the few hundred keys hashed over and over (bounded). */
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 2000 && k.length <= 64) quotedKeys.set(k, q);
  }
  return q;
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
  assertKey(key);
  const requestHash = hashInput(input);
  const inserted: unknown[] = await ctx.em.query(
    `INSERT INTO idempotency_record (actor_id, operation, key, request_hash, result_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [actor.id, operation, key, requestHash, resultId ?? null],
  );
  if (inserted.length === 0) return replayOf(await recordOf(ctx, operation, key), requestHash);
  const created = await create();
  if (resultId === undefined) {
    await ctx.em.query(`UPDATE idempotency_record SET result_id = $4 WHERE actor_id = $1 AND operation = $2 AND key = $3`, [actor.id, operation, key, created]);
  } else if (created !== resultId) {
    throw new AppError('INTERNAL_SERVER_ERROR', `${operation} created ${created}, not the ${resultId} it announced`);
  }
  return { resultId: created, replayed: false };
}

const assertKey = (key: string) => {
  if (!key || key.length > 200) throw new AppError('BAD_USER_INPUT', 'idempotencyKey must be 1 to 200 characters', { field: 'input.idempotencyKey' });
};

/** A key's record as stored (committed, or this transaction's), or null. */
export interface IdempotencyRecord {
  requestHash: string;
  resultId: string | null;
}

async function recordOf(ctx: Ctx, operation: string, key: string): Promise<IdempotencyRecord | null> {
  const [row] = await ctx.em.query(`SELECT request_hash AS "requestHash", result_id AS "resultId" FROM idempotency_record WHERE actor_id = $1 AND operation = $2 AND key = $3`, [requireActor(ctx).id, operation, key]);
  return row ?? null;
}

/** What an earlier call with the key created; CONFLICT when it was made with other input (or vanished). */
function replayOf(row: IdempotencyRecord | null, requestHash: string): IdempotentResult {
  if (!row || row.requestHash !== requestHash) {
    throw new AppError('CONFLICT', 'this idempotencyKey was already used with different input', { field: 'input.idempotencyKey' });
  }
  return { resultId: row.resultId!, replayed: true };
}

/**
 * `idempotent` for a write made of ONE statement outside `inTransaction` (fileInspection): the
 * caller reads the key's record with its checks (`recordSql`, committed records only) and, when
 * there is none, claims the key in the write itself (`claimSql`, a CTE every other part of the
 * write is gated on). A concurrent duplicate blocks on the key's unique index until the first
 * commits, then claims nothing and writes nothing: `claimed` false, and `replayed` gives what the
 * first one created. A retry made after the first committed replays before any check.
 */
export class SingleStatementClaim {
  readonly requestHash: string;
  constructor(
    private readonly ctx: Ctx,
    readonly operation: string,
    readonly key: string,
    input: unknown,
  ) {
    requireActor(ctx);
    assertKey(key);
    this.requestHash = hashInput(input);
  }

  /** A scalar subquery: the key's record as json (`requestHash`, `resultId`), or null. */
  recordSql(params: unknown[]): string {
    const p = (v: unknown) => `$${params.push(v)}`;
    return `(SELECT json_build_object('requestHash', r.request_hash, 'resultId', r.result_id) FROM idempotency_record r WHERE r.actor_id = ${p(requireActor(this.ctx).id)}::uuid AND r.operation = ${p(this.operation)}::text AND r.key = ${p(this.key)}::text)`;
  }

  /** The record read with the checks: a replay (or CONFLICT) when there is one, else null. */
  earlier(row: IdempotencyRecord | null): IdempotentResult | null {
    return row ? replayOf(row, this.requestHash) : null;
  }

  /**
   * The claim, for a CTE: `INSERT … ON CONFLICT DO NOTHING RETURNING key` (a row when claimed).
   * `where` (SQL, optional): claims only when true (then nothing gated on the claim is written either).
   */
  claimSql(params: unknown[], resultId: string, where?: string): string {
    const p = (v: unknown) => `$${params.push(v)}`;
    const values = `${p(requireActor(this.ctx).id)}::uuid, ${p(this.operation)}::text, ${p(this.key)}::text, ${p(this.requestHash)}::text, ${p(resultId)}::text`;
    return `INSERT INTO idempotency_record (actor_id, operation, key, request_hash, result_id)
       ${where ? `SELECT ${values} WHERE ${where}` : `VALUES (${values})`}
       ON CONFLICT DO NOTHING RETURNING key`;
  }

  /** The write claimed nothing (a concurrent duplicate committed first): what that one created. */
  async replayed(): Promise<IdempotentResult> {
    return replayOf(await recordOf(this.ctx, this.operation, this.key), this.requestHash);
  }
}
