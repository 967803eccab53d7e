import 'reflect-metadata';
import type { EventEmitter } from 'node:events';
import path from 'node:path';
import { DataSource, type EntityManager, type Logger, type QueryRunner } from 'typeorm';
import { requestScope } from '../common/request-context';
import { refuseStatementPastDeadline } from '../common/deadline';
import { SnakeNamingStrategy } from './naming';
import { CODE_ROOT } from '../paths';

/**
 * Counts every statement sent for the current request; logs nothing itself (pino does). TypeORM
 * calls it before sending each statement, so it also refuses a statement once the request's
 * budget is spent (the error propagates and the connection is released).
 */
class StatementCounter implements Logger {
  logQuery(q: string, _p?: unknown[], _qr?: QueryRunner) {
    refuseStatementPastDeadline(q);
    const scope = requestScope.getStore();
    if (scope) scope.sqlStatements += 1;
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
  /**
   * PostgreSQL `statement_timeout` of every pooled connection (STATEMENT_TIMEOUT_MS); 0 or unset:
   * none. Background work lifts it in its own transactions (`setLocalStatementTimeout`).
   */
  statementTimeoutMs?: number;
  /** The statement timeout background work sets for its own transactions (0: none). */
  backgroundStatementTimeoutMs?: number;
}

/** Data sources whose connections carry a statement timeout, with their background work's. */
const backgroundTimeouts = new WeakMap<DataSource, number>();

/**
 * The one way the hub builds a TypeORM DataSource. Entities and migrations are found by file
 * name so a new module needs no edit here. `synchronize` is off everywhere: migrations are the
 * only way the schema changes.
 */
export function makeDataSource(opts: DataSourceOptions): DataSource {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  const ds = new DataSource({
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no uuid-ossp needed.
    uuidExtension: 'pgcrypto',
    url: opts.url,
    entities: [path.join(CODE_ROOT, `src/modules/**/*.entity.${ext}`)],
    migrations: [path.join(CODE_ROOT, `migrations/*.${ext}`)],
    migrationsTableName: 'migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: ['query'],
    logger: new StatementCounter(),
    // A query through the global data source inside a transaction would otherwise wait forever
    // for a connection the transaction holds: fail instead.
    connectTimeoutMS: 10_000,
    extra: {
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      application_name: opts.applicationName ?? 'epi-hub',
      // A connection the server drops (terminated backend, restart) can emit 'error' more than once;
      // pg-pool and TypeORM listen only until the first. A listener for the client's whole life
      // keeps a later one from being an unhandled 'error' event, which would end the process. The
      // request whose statement failed still gets the error (SERVICE_UNAVAILABLE).
      onConnect: (client: EventEmitter) => void client.on('error', () => undefined),
      ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    },
  });
  if (opts.statementTimeoutMs) backgroundTimeouts.set(ds, opts.backgroundStatementTimeoutMs ?? 0);
  return ds;
}

/**
 * Background work that may take longer than a request (building the report's day sets) lifts the
 * pool's statement timeout to BACKGROUND_STATEMENT_TIMEOUT_MS for its own transaction with this
 * select-list item, put in its first statement (so the lift costs no statement of its own):
 * `set_config('statement_timeout', …, true)`, or `NULL` when the pool has no statement timeout.
 */
export function liftStatementTimeoutSql(em: EntityManager): string {
  const ms = backgroundTimeouts.get(em.dataSource);
  return ms === undefined ? 'NULL' : `set_config('statement_timeout', '${Math.max(0, Math.floor(ms))}', true)`;
}
