import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { refuseStatementPastDeadline } from './deadline';
import { requestScope } from './request-context';

/**
 * A statement most signed-in requests run (the account's lookup: a token's first request, and every
 * one that is not a compiled read, src/server.ts) as a NAMED prepared statement:
 * each pooled connection parses and plans it once, where TypeORM's `query` sends it unnamed and
 * PostgreSQL parses and plans it again every time (about 0.5–1 ms of its CPU per request under
 * the nested-read load). Counted like every other statement. Inside a transaction it runs on the
 * transaction's connection through TypeORM as before, and so does it with no name
 * (PREPARED_STATEMENTS=false: behind a PgBouncer older than 1.21 in transaction mode).
 */
export async function queryNamed<T = Record<string, unknown>>(em: EntityManager, name: string | null, text: string, values: unknown[]): Promise<T[]> {
  if (em.queryRunner || name === null) return (await em.query(text, values)) as T[];
  refuseStatementPastDeadline(text);
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += 1;
  const pool = (em.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text, values })).rows as T[];
}

const MAX_NAMED = 500;
const names = new Map<string, string>();

/** The name a statement's text is prepared under (`<prefix>_<sha1 of the text>`); null past MAX_NAMED texts. */
function nameOf(prefix: string, text: string): string | null {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) names.set(text, (name = `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  return name ?? null;
}

/**
 * A statement as a NAMED prepared statement, named after its text, inside or outside a
 * transaction: on the transaction's connection when `em` runs in one (`queryNamed` goes through
 * TypeORM unnamed there). Each connection parses the text once and PostgreSQL caches its plans:
 * custom plans for the first five runs, then the generic plan when its estimated cost is no worse
 * (plan_cache_mode auto), which for the report's larger statements saves most of their planning.
 * Counted and checked against the request's deadline like every statement; PostgreSQL's errors
 * come as TypeORM's QueryFailedError, as through `em.query`. Unnamed with `prepared` false
 * (PREPARED_STATEMENTS=false).
 */
export async function queryPrepared<T = Record<string, unknown>>(em: EntityManager, prepared: boolean, prefix: string, text: string, values: unknown[]): Promise<T[]> {
  const name = prepared ? nameOf(prefix, text) : null;
  const runner = em.queryRunner as (EntityManager['queryRunner'] & { databaseConnection?: PoolClient }) | undefined;
  if (name === null || (runner && (runner.isReleased || !runner.databaseConnection))) return (await em.query(text, values)) as T[];
  refuseStatementPastDeadline(text);
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += 1;
  const target: Pool | PoolClient = runner?.databaseConnection ?? ((em.connection.driver as PostgresDriver).master as Pool);
  try {
    return (await target.query({ name, text, values })).rows as T[];
  } catch (err) {
    throw new QueryFailedError(text, values, err as Error);
  }
}
