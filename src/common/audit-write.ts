/**
 * Writing audit events, inside the mutation's transaction. In common because the state machine
 * (common/state-machine.ts) writes every status change's event; modules/audit re-exports it.
 */
import type { Ctx } from '../context';
import { requestScope } from './request-context';
import { assertInTransaction } from './transaction';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  /** The record before the change (omit on create). */
  before?: Record<string, unknown> | null;
  /** The record after the change (omit on delete). */
  after?: Record<string, unknown> | null;
}

const IGNORED = new Set(['version', 'updatedAt', 'updated_at', 'passwordHash', 'password_hash']);

const norm = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

/** The fields that differ between before and after, as `{ field: { before, after } }`. */
export function diff(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    const b = norm(before?.[k]);
    const a = norm(after?.[k]);
    if (JSON.stringify(b) !== JSON.stringify(a)) out[k] = { before: b, after: a };
  }
  return out;
}

/**
 * Writes one audit event inside the mutation's transaction, so the change and its record commit
 * or roll back together. After commit the sealer adds the events to the hash chain.
 */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  assertInTransaction(ctx);
  await ctx.em.query(
    `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [ctx.actor?.id ?? null, ctx.actor?.username ?? null, ctx.actor?.role ?? null, input.action, input.entityType, input.entityId, JSON.stringify(diff(input.before, input.after)), ctx.requestId],
  );
  scheduleSeal(ctx);
}

/**
 * Writes several audit events in one statement, in the order given (their ids, and so their
 * places in the hash chain, follow that order). Each row is what `recordAudit` writes for the
 * same input; nothing is written for an empty list.
 */
export async function recordAudits(ctx: Ctx, inputs: AuditInput[]): Promise<void> {
  assertInTransaction(ctx);
  if (!inputs.length) return;
  const params: unknown[] = [ctx.actor?.id ?? null, ctx.actor?.username ?? null, ctx.actor?.role ?? null, ctx.requestId];
  const rows = inputs.map((input) => {
    const n = params.push(input.action, input.entityType, input.entityId, JSON.stringify(diff(input.before, input.after)));
    return `($1::uuid, $2, $3, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb, $4)`;
  });
  await ctx.em.query(`INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes, request_id) VALUES ${rows.join(', ')}`, params);
  scheduleSeal(ctx);
}

/**
 * The INSERT of `inputs`' audit events for a data-modifying CTE of the caller's one-statement
 * write (`WITH … , audit AS (<this>) …`): the rows `recordAudits` writes for the same inputs, in
 * the same order (ids, and so places in the hash chain, follow it), however many events: three
 * arrays and the changes as one JSON array (one JSON text, where an array literal of JSON texts
 * had each escaped apart). Its parameters are appended to `params`; `where` (SQL, optional) gates
 * the whole insert (nothing is written when it is false). The statement is its own transaction:
 * the caller calls `sealAfterWrite` once it has succeeded.
 */
export function auditInsertSql(ctx: Ctx, inputs: AuditInput[], params: unknown[], where?: string): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  return `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes, request_id)
     SELECT ${p(ctx.actor?.id ?? null)}::uuid, ${p(ctx.actor?.username ?? null)}::text, ${p(ctx.actor?.role ?? null)}::text, e.action, e.entity_type, e.entity_id, e.changes, ${p(ctx.requestId)}::text
       FROM ROWS FROM (unnest(${p(inputs.map((i) => i.action))}::text[]), unnest(${p(inputs.map((i) => i.entityType))}::text[]), unnest(${p(inputs.map((i) => i.entityId))}::text[]),
                       jsonb_array_elements(${p(JSON.stringify(inputs.map((i) => diff(i.before, i.after))))}::jsonb))
            WITH ORDINALITY AS e(action, entity_type, entity_id, changes, n)
      ${where ? `WHERE ${where}` : ''}
      ORDER BY e.n`;
}

/**
 * Asks the sealer to run for events a single statement has written: now when the statement was
 * its own transaction, after the commit when it ran inside one (`inTransaction`).
 */
export function sealAfterWrite(ctx: Ctx): void {
  if (ctx.afterCommit) scheduleSeal(ctx);
  else requestScope.exit(() => ctx.services.sealer.kick());
}

/**
 * Asks the sealer to run once this transaction has committed (once per transaction). The sealer
 * runs outside the request's scope: its statements are background work, not the request's.
 */
function scheduleSeal(ctx: Ctx): void {
  const hooks = ctx.afterCommit!;
  if (!sealScheduled.has(hooks)) {
    sealScheduled.add(hooks);
    hooks.push(() => requestScope.exit(() => ctx.services.sealer.kick()));
  }
}

/** Transactions (by their after-commit list) that already asked the sealer to run. */
const sealScheduled = new WeakSet<object>();
