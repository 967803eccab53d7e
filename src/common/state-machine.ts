import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Ctx } from '../context';
import { recordAudits, type AuditInput } from './audit-write';
import { can, authorize, requireActor, type Permission, type ResourceScope } from './authorize';
import { AppError } from './errors';
import { assertInTransaction } from './transaction';

/**
 * Every status in the database changes here and nowhere else (tests/integration/status-writes
 * fails on a status written anywhere else in src/). An aggregate with states declares a
 * `StateMachine`: the states a record may be born in and the moves between states, each with the
 * permission it needs. `create`, `createMany` and `transition` check the move against the table
 * and the actor's right to make it, write the row (a move is a conditional UPDATE: 0 rows is
 * CONFLICT), and write the audit event in one shape: `before` holds the status and the previous
 * values of the fields the move changes, `after` the new status and those fields. The as-of
 * report rebuilds past statuses from exactly these before/after values.
 */

/** A move is allowed to holders of this permission, or of any one of these. */
export type Allowed = Permission | readonly Permission[];

/** For each state, the states it may move to and who may make the move. */
export type TransitionTable<S extends string> = Record<S, Partial<Record<S, Allowed>>>;

export interface StateMachine<S extends string> {
  /** What messages call a record ("a finding that is OPEN cannot become VERIFIED"). */
  name: string;
  /** The TypeORM entity (class name) whose `status` column the machine owns. */
  entity: string;
  /** The audit events' entity_type; the entity's name when not given. */
  auditType?: string;
  /** Audit actions default to `<actionPrefix>.<to in kebab case>` ("finding.rectification-submitted"). */
  actionPrefix: string;
  /** The states a record may be created in (a move from nothing), and who may create it so. */
  initial: Partial<Record<S, Allowed>>;
  moves: TransitionTable<S>;
}

const permissionsOf = (a: Allowed | undefined): readonly Permission[] => (a === undefined ? [] : typeof a === 'string' ? [a] : a);

/** True when the table has the move (from null: creation in `to`). Says nothing of who may make it. */
export function canMove<S extends string>(m: StateMachine<S>, from: S | null, to: S): boolean {
  return permissionsOf(from === null ? m.initial[to] : m.moves[from]?.[to]).length > 0;
}

/**
 * Checks the move (from null: creating a record in `to`) against the table and the actor's right
 * to make it, with the scope it touches; returns the permission that allowed it. A move the
 * table lacks is INVALID_TRANSITION whoever asks; one the actor's role may not make, FORBIDDEN.
 */
export function checkMove<S extends string>(ctx: Ctx, m: StateMachine<S>, from: S | null, to: S, scope: ResourceScope = {}): Permission {
  const allowed = permissionsOf(from === null ? m.initial[to] : m.moves[from]?.[to]);
  if (!allowed.length) {
    if (from === null) throw new AppError('INVALID_TRANSITION', `a ${m.name} cannot be created ${to}`, { from: null, to });
    throw new AppError('INVALID_TRANSITION', `a ${m.name} that is ${from} cannot become ${to}`, { from, to });
  }
  const actor = requireActor(ctx);
  const perm = allowed.find((p) => can(actor, p)) ?? allowed[0];
  authorize(ctx, perm, scope);
  return perm;
}

/** One step of a move: the status it reaches and the other fields it sets (entity property names). */
export interface Step<S extends string> {
  to: S;
  changes?: Record<string, unknown>;
  /** The audit action; `<actionPrefix>.<to>` when not given. */
  action?: string;
}

export interface MoveOptions {
  /** The site / team the move touches (checked by `authorize`). */
  scope?: ResourceScope;
  /** The version the client saw; the loaded record's when not given. Ignored for unversioned tables. */
  version?: number;
  /**
   * Context the audit event records beside the record's own fields: the related record a move
   * names (`after` only: the dispute that moved a finding), or what became of it (`before` and
   * `after`: the finding a dispute's decision changed).
   */
  context?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  /**
   * Where the caller batches audit events into one statement with its own (filing): the events
   * are appended here, in order, and the caller writes them with `recordAudits` in the same
   * transaction. Otherwise `transition` writes them itself.
   */
  audits?: AuditInput[];
}

interface Columns {
  table: string;
  versioned: boolean;
  updatedAt: boolean;
  column: (prop: string) => { name: string; type: string };
  returning: string;
  /** RETURNING every column as `"<prefix><property>"`. */
  returningAs: (prefix: string) => string;
}
const columnsCache = new WeakMap<object, Map<string, Columns>>();

/** The table, its columns by property name, and `"col" AS "prop", …` for RETURNING, from the entity's metadata. */
function columnsOf(tx: Ctx, entity: string): Columns {
  const conn = tx.em.connection;
  let byEntity = columnsCache.get(conn);
  if (!byEntity) columnsCache.set(conn, (byEntity = new Map()));
  let c = byEntity.get(entity);
  if (!c) {
    const meta = conn.getMetadata(entity);
    // Kept per property and per prefix: a filing looks up every column of an inspection and of
    // its findings (a linear search of the metadata and TypeORM's type normalisation each).
    const byProp = new Map<string, { name: string; type: string }>();
    const returningByPrefix = new Map<string, string>();
    c = {
      table: meta.tableName,
      versioned: !!meta.versionColumn,
      updatedAt: !!meta.updateDateColumn,
      column: (prop) => {
        let found = byProp.get(prop);
        if (!found) {
          const col = meta.findColumnWithPropertyName(prop);
          if (!col) throw new AppError('INTERNAL_SERVER_ERROR', `${entity} has no column ${prop}`);
          byProp.set(prop, (found = { name: col.databaseName, type: conn.driver.normalizeType(col) }));
        }
        return found;
      },
      returning: meta.columns.map((col) => `"${col.databaseName}" AS "${col.propertyName}"`).join(', '),
      returningAs: (prefix) => {
        let r = returningByPrefix.get(prefix);
        if (r === undefined) {
          r = meta.columns.map((col) => `"${col.databaseName}" AS "${prefix}${col.propertyName}"`).join(', ');
          if (returningByPrefix.size < 16) returningByPrefix.set(prefix, r);
        }
        return r;
      },
    };
    byEntity.set(entity, c);
  }
  return c;
}

const kebab = (s: string) => s.toLowerCase().replace(/_/g, '-');
const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) && Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]));
const toParam = (type: string, v: unknown) => ((type === 'jsonb' || type === 'json') && v != null && typeof v !== 'string' ? JSON.stringify(v) : v);

/**
 * Moves a record through one or more steps of its table in ONE conditional UPDATE:
 * `UPDATE t SET status = <last>, <changes of every step>, version = version + <steps> WHERE id = $1
 * AND version = $2 AND status = <from>`; 0 rows (someone moved or changed it first) is CONFLICT.
 * Each step is checked (table and permission) before anything is written and gets its audit
 * event, as if it had been made alone. Returns the updated row.
 */
export async function transition<S extends string, E extends ObjectLiteral & { id: string; status: S }>(
  tx: Ctx,
  m: StateMachine<S>,
  record: E,
  steps: NoInfer<S> | Step<NoInfer<S>> | readonly Step<NoInfer<S>>[],
  opts: MoveOptions = {},
): Promise<E> {
  assertInTransaction(tx);
  const list: Step<S>[] = typeof steps === 'string' ? [{ to: steps }] : Array.isArray(steps) ? [...(steps as Step<S>[])] : [steps as Step<S>];
  let from = record.status;
  for (const s of list) {
    checkMove(tx, m, from, s.to, opts.scope);
    from = s.to;
  }
  const cols = columnsOf(tx, m.entity);
  const changes: Record<string, unknown> = Object.assign({}, ...list.map((s) => s.changes ?? {}));
  const params: unknown[] = [record.id, list[list.length - 1].to, record.status];
  const sets = ['status = $2'];
  for (const [prop, value] of Object.entries(changes)) {
    const c = cols.column(prop);
    sets.push(`"${c.name}" = $${params.push(toParam(c.type, value))}`);
  }
  const where = ['id = $1', 'status = $3'];
  if (cols.versioned) {
    sets.push(`version = version + ${list.length}`);
    where.push(`version = $${params.push(opts.version ?? record.version)}`);
  }
  if (cols.updatedAt) sets.push('updated_at = now()');
  const rows = rowsOf<E>(await tx.em.query(`UPDATE "${cols.table}" SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING ${cols.returning}`, params));
  if (!rows.length) {
    const v = opts.version ?? record.version;
    throw new AppError('CONFLICT', `this ${m.name} was changed by someone else${v != null ? ` since version ${v}` : ''}; reload and try again`, {
      field: 'input.version',
      ...(v != null ? { expectedVersion: v } : {}),
    });
  }
  const audits = moveAudits(m, record, list, opts.context);
  if (opts.audits) opts.audits.push(...audits);
  else await recordAudits(tx, audits);
  return Object.assign(tx.em.create(m.entity) as E, rows[0]);
}

/** Each step's audit event, as if it had been made alone (`before`: the values the step changes had). */
function moveAudits<S extends string>(m: StateMachine<S>, record: ObjectLiteral & { id: string; status: S }, list: readonly Step<S>[], context: MoveOptions['context']): AuditInput[] {
  let was: Record<string, unknown> = record;
  return list.map((s) => {
    const stepChanges = s.changes ?? {};
    const before = { ...(context?.before ?? {}), status: was.status, ...Object.fromEntries(Object.keys(stepChanges).map((k) => [k, was[k] ?? null])) };
    const after = { ...(context?.after ?? {}), status: s.to, ...stepChanges };
    was = { ...was, status: s.to, ...stepChanges };
    return { action: s.action ?? `${m.actionPrefix}.${kebab(s.to)}`, entityType: m.auditType ?? m.entity, entityId: record.id, before, after };
  });
}

/**
 * `transition` planned as ONE conditional UPDATE for a data-modifying CTE of the caller's
 * statement (see `createThroughSql`): each step checked (table and permission) now, the UPDATE
 * (`WHERE id AND status AND version` as read, and `where`, optional) RETURNING every column as
 * `<prefix><property>`, its parameters appended to `params`, and the steps' audit events, which
 * the caller writes in the same statement. The UPDATE may touch no row (someone moved or changed
 * the record since it was read): the caller must gate its other writes so that then nothing is
 * written, and find out from the RETURNING.
 */
export function transitionSql<S extends string, E extends ObjectLiteral & { id: string; status: S }>(
  tx: Ctx,
  m: StateMachine<S>,
  record: E,
  steps: readonly Step<NoInfer<S>>[],
  opts: Omit<MoveOptions, 'audits' | 'version'> & { params: unknown[]; where?: string; prefix?: string },
): { sql: string; audits: AuditInput[] } {
  let from = record.status;
  for (const s of steps) {
    checkMove(tx, m, from, s.to, opts.scope);
    from = s.to;
  }
  const cols = columnsOf(tx, m.entity);
  const p = (v: unknown) => `$${opts.params.push(v)}`;
  const status = cols.column('status');
  const sets = [`"${status.name}" = ${p(from)}::${status.type}`];
  for (const [prop, value] of Object.entries(Object.assign({}, ...steps.map((s) => s.changes ?? {})) as Record<string, unknown>)) {
    const c = cols.column(prop);
    sets.push(`"${c.name}" = ${p(toParam(c.type, value))}::${c.type}`);
  }
  const where = [`id = ${p(record.id)}::uuid`, `"${status.name}" = ${p(record.status)}::${status.type}`];
  if (cols.versioned) {
    sets.push(`version = version + ${steps.length}`);
    where.push(`version = ${p(record.version)}::int`);
  }
  if (cols.updatedAt) sets.push('updated_at = now()');
  if (opts.where) where.push(opts.where);
  const sql = `UPDATE "${cols.table}" SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING ${cols.returningAs(opts.prefix ?? '')}`;
  return { sql, audits: moveAudits(m, record, steps, opts.context) };
}

/** The audit event of a record created in `status` (a move from nothing): `after` holds the status and `fields`. */
function creationAudit<S extends string>(m: StateMachine<S>, id: string, status: S, fields: Record<string, unknown>, action?: string): AuditInput {
  return { action: action ?? `${m.actionPrefix}.${kebab(status)}`, entityType: m.auditType ?? m.entity, entityId: id, after: { ...fields, status } };
}

export interface CreateOptions {
  scope?: ResourceScope;
  /** The audit action; `<actionPrefix>.<status>` when not given. */
  action?: string;
  /** The fields the audit event's `after` records besides the status; the values given when not set. */
  auditFields?: Record<string, unknown>;
  /** As in MoveOptions: batch the audit event into the caller's `recordAudits`. */
  audits?: AuditInput[];
}

/**
 * Creates one record in an initial state of its table (a move from nothing): checks the table
 * and the actor's permission, inserts the row, writes the audit event (`after`: the status and the
 * record's fields). Returns the created entity.
 */
export async function create<S extends string, E extends ObjectLiteral>(tx: Ctx, m: StateMachine<S>, status: S, values: Partial<E>, opts: CreateOptions = {}): Promise<E & { id: string }> {
  assertInTransaction(tx);
  checkMove(tx, m, null, status, opts.scope);
  // insert(), not save(): one INSERT … RETURNING (save() first SELECTs a record whose id is given).
  const saved = tx.em.create(m.entity as EntityTarget<ObjectLiteral>, { ...values, status } as ObjectLiteral) as E & { id: string };
  await tx.em.insert<ObjectLiteral>(m.entity, saved);
  const audit = creationAudit(m, saved.id, status, opts.auditFields ?? values, opts.action);
  if (opts.audits) opts.audits.push(audit);
  else await recordAudits(tx, [audit]);
  return saved;
}

export interface CreateManyOptions<E> extends Omit<CreateOptions, 'auditFields'> {
  /** `ON CONFLICT (<these columns>) DO NOTHING`: rows that collide are skipped (not returned, not audited). */
  skipConflictsOn?: string[];
  /** The audit event's fields of a created row; every audit event is skipped when `false` (see verification import). */
  auditFields: ((row: E) => Record<string, unknown>) | false;
}

/**
 * Creates many records in one INSERT (`unnest` of one array per column, so one statement and a
 * fixed number of parameters whatever the number of rows), each in an initial state of its table:
 * every distinct state is checked once. Returns the inserted rows (entity-shaped) in input order;
 * with `skipConflictsOn`, the ones that did not collide. Rows must all have the same keys.
 */
export async function createMany<S extends string, E extends ObjectLiteral & { id: string }>(
  tx: Ctx,
  m: StateMachine<S>,
  rows: (Partial<E> & { status: S })[],
  opts: CreateManyOptions<E>,
): Promise<E[]> {
  assertInTransaction(tx);
  if (!rows.length) return [];
  for (const s of new Set(rows.map((r) => r.status))) checkMove(tx, m, null, s, opts.scope);
  const cols = columnsOf(tx, m.entity);
  const props = Object.keys(rows[0]);
  const meta = props.map((p) => cols.column(p));
  const params = props.map((p, n) => rows.map((r) => toParam(meta[n].type, (r as Record<string, unknown>)[p] ?? null)));
  const sql =
    `INSERT INTO "${cols.table}" (${meta.map((c) => `"${c.name}"`).join(', ')})` +
    ` SELECT * FROM unnest(${meta.map((c, n) => `$${n + 1}::${c.type}[]`).join(', ')})` +
    (opts.skipConflictsOn ? ` ON CONFLICT (${opts.skipConflictsOn.map((c) => `"${cols.column(c).name}"`).join(', ')}) DO NOTHING` : '') +
    ` RETURNING ${cols.returning}`;
  const inserted = rowsOf<E>(await tx.em.query(sql, params)).map((r) => Object.assign(tx.em.create(m.entity) as E, r));
  // unnest keeps the arrays' order, and so does RETURNING for a plain INSERT … SELECT; sort by input order anyway when ids are given.
  const order = rows[0].id ? new Map(rows.map((r, n) => [r.id as string, n])) : null;
  if (order) inserted.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const auditFields = opts.auditFields;
  if (auditFields) {
    const audits = inserted.map((r) => creationAudit(m, r.id, r.status as S, auditFields(r), opts.action));
    if (opts.audits) opts.audits.push(...audits);
    else await recordAudits(tx, audits);
  }
  return inserted;
}

/**
 * A record born in `initial` and moved on through `steps` in the same write, planned as ONE INSERT
 * (for a data-modifying CTE of the caller's statement): the row goes in already in the last
 * step's state with every step's changes (and, when versioned, the version the moves would have
 * left: 1 + one per step), where `create` and then `transition` would write it twice. The
 * creation and each step are checked (table and permission) as they would be alone, and get the
 * audit events those would write, in the same shape: the creation's `after` holds the status and
 * `auditFields` (the values when not given); each step's `before` the status it left and the
 * values the fields it changes had (none yet: null), its `after` the new status and those
 * fields. The as-of report rebuilds past statuses from exactly these events.
 * Returns the INSERT (… RETURNING every column as `<prefix><property>`) with its parameters
 * appended to `params`, and the audit events, which the caller writes in the same statement
 * (`auditInsertSql`). `where` (SQL, optional) gates the insert.
 */
export function createThroughSql<S extends string, E extends ObjectLiteral>(
  tx: Ctx,
  m: StateMachine<S>,
  initial: S,
  steps: readonly Step<NoInfer<S>>[],
  values: Partial<E> & { id: string },
  opts: Omit<CreateOptions, 'audits'> & { params: unknown[]; where?: string; prefix?: string },
): { sql: string; audits: AuditInput[] } {
  checkMove(tx, m, null, initial, opts.scope);
  let from = initial;
  for (const s of steps) {
    checkMove(tx, m, from, s.to, opts.scope);
    from = s.to;
  }
  const cols = columnsOf(tx, m.entity);
  const row: Record<string, unknown> = { ...values, ...Object.assign({}, ...steps.map((s) => s.changes ?? {})), status: from };
  if (cols.versioned) row.version = 1 + steps.length;
  const names: string[] = [];
  const exprs: string[] = [];
  for (const [prop, value] of Object.entries(row)) {
    if (value === undefined) continue;
    const c = cols.column(prop);
    names.push(`"${c.name}"`);
    exprs.push(`$${opts.params.push(toParam(c.type, value))}::${c.type}`);
  }
  const sql =
    `INSERT INTO "${cols.table}" (${names.join(', ')}) SELECT ${exprs.join(', ')}${opts.where ? ` WHERE ${opts.where}` : ''}` +
    ` RETURNING ${cols.returningAs(opts.prefix ?? '')}`;
  const audits: AuditInput[] = [creationAudit(m, values.id, initial, opts.auditFields ?? values, opts.action)];
  let was: Record<string, unknown> = { ...values, status: initial };
  for (const s of steps) {
    const stepChanges = s.changes ?? {};
    audits.push({
      action: s.action ?? `${m.actionPrefix}.${kebab(s.to)}`,
      entityType: m.auditType ?? m.entity,
      entityId: values.id,
      before: { status: was.status, ...Object.fromEntries(Object.keys(stepChanges).map((k) => [k, was[k] ?? null])) },
      after: { status: s.to, ...stepChanges },
    });
    was = { ...was, status: s.to, ...stepChanges };
  }
  return { sql, audits };
}

/**
 * `createMany` planned as one INSERT for a data-modifying CTE of the caller's statement (see
 * `createThroughSql`): the rows (ids given) from one array per column, RETURNING every column as
 * `<prefix><property>`, and their audit events (from the rows as given), which the caller
 * writes in the same statement. `where` (SQL, optional) gates the insert.
 */
export function createManySql<S extends string, E extends ObjectLiteral & { id: string }, R extends Partial<E> & { id: string; status: S } = Partial<E> & { id: string; status: S }>(
  tx: Ctx,
  m: StateMachine<S>,
  rows: R[],
  opts: Omit<CreateManyOptions<E>, 'audits' | 'skipConflictsOn' | 'auditFields'> & { auditFields: (row: R) => Record<string, unknown>; params: unknown[]; where?: string; prefix?: string },
): { sql: string; audits: AuditInput[] } {
  for (const s of new Set(rows.map((r) => r.status))) checkMove(tx, m, null, s, opts.scope);
  const cols = columnsOf(tx, m.entity);
  const props = Object.keys(rows[0] ?? {});
  const meta = props.map((p) => cols.column(p));
  const arrays = meta.map((c, n) => `$${opts.params.push(rows.map((r) => toParam(c.type, (r as Record<string, unknown>)[props[n]] ?? null)))}::${c.type}[]`);
  const sql = rows.length
    ? `INSERT INTO "${cols.table}" (${meta.map((c) => `"${c.name}"`).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})${opts.where ? ` WHERE ${opts.where}` : ''} RETURNING ${cols.returningAs(opts.prefix ?? '')}`
    : `SELECT ${cols.returningAs(opts.prefix ?? '')} FROM "${cols.table}" WHERE false`;
  const audits = rows.map((r) => creationAudit(m, r.id, r.status, opts.auditFields(r), opts.action));
  return { sql, audits };
}

/**
 * Moves every record matching `where` (columns by property name) that is in `from` to `to`, in one
 * conditional UPDATE, with an audit event each; for unversioned rows reached through another record
 * (a finding's submitted rectification). Returns the moved rows; none may match.
 */
export async function transitionWhere<S extends string, E extends ObjectLiteral & { id: string; status: S }>(
  tx: Ctx,
  m: StateMachine<S>,
  where: Record<string, unknown>,
  from: NoInfer<S>,
  step: Step<NoInfer<S>>,
  opts: Omit<MoveOptions, 'version'> = {},
): Promise<E[]> {
  assertInTransaction(tx);
  checkMove(tx, m, from, step.to, opts.scope);
  const cols = columnsOf(tx, m.entity);
  const params: unknown[] = [step.to, from];
  const sets = ['status = $1'];
  const changes = step.changes ?? {};
  for (const [prop, value] of Object.entries(changes)) {
    const c = cols.column(prop);
    sets.push(`"${c.name}" = $${params.push(toParam(c.type, value))}`);
  }
  if (cols.versioned) sets.push('version = version + 1');
  if (cols.updatedAt) sets.push('updated_at = now()');
  const conds = ['status = $2', ...Object.entries(where).map(([prop, value]) => `"${cols.column(prop).name}" = $${params.push(value)}`)];
  const rows = rowsOf<E>(await tx.em.query(`UPDATE "${cols.table}" SET ${sets.join(', ')} WHERE ${conds.join(' AND ')} RETURNING ${cols.returning}`, params));
  const audits = rows.map((r) => ({
    action: step.action ?? `${m.actionPrefix}.${kebab(step.to)}`,
    entityType: m.auditType ?? m.entity,
    entityId: r.id,
    before: { status: from },
    after: { ...(opts.context?.after ?? {}), status: step.to, ...changes },
  }));
  if (opts.audits) opts.audits.push(...audits);
  else await recordAudits(tx, audits);
  return rows.map((r) => Object.assign(tx.em.create(m.entity) as E, r));
}
