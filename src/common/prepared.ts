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

const NAMES_KEPT = 200;
const names = new Map<string, Map<string, string>>();

/**
 * The name a statement's text is prepared under, `<prefix>_<SHA-1 of the text>`, kept per text
 * (the texts are a few kilobytes: hashed once, not at every run). For a fixed set of texts (the
 * filing's, the report's, the feed's): the same text always gets the same name, so forgetting the
 * oldest past NAMES_KEPT per prefix bounds the memory, not the names.
 */
export function preparedName(prefix: string, text: string): string {
  let kept = names.get(prefix);
  if (!kept) names.set(prefix, (kept = new Map()));
  let name = kept.get(text);
  if (name === undefined) {
    name = `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (kept.size >= NAMES_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(text, name);
  }
  return name;
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
  const name = prepared ? preparedName(prefix, text) : null;
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
