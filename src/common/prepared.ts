import type { Pool } from 'pg';
import type { EntityManager } from 'typeorm';
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
