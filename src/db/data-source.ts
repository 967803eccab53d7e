import 'reflect-metadata';
import type { EventEmitter } from 'node:events';
import path from 'node:path';
import { DataSource, type Logger, type QueryRunner } from 'typeorm';
import { requestScope } from '../common/request-context';
import { SnakeNamingStrategy } from './naming';

const root = path.resolve(__dirname, '..', '..');

/** Counts every statement sent for the current request; logs nothing itself (pino does). */
class StatementCounter implements Logger {
  logQuery(_q: string, _p?: unknown[], _qr?: QueryRunner) {
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
}

/**
 * The one way the hub builds a TypeORM DataSource. Entities and migrations are found by file
 * name so a new module needs no edit here. `synchronize` is off everywhere: migrations are the
 * only way the schema changes.
 */
export function makeDataSource(opts: DataSourceOptions): DataSource {
  const ext = __filename.endsWith('.ts') ? 'ts' : 'js';
  return new DataSource({
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no uuid-ossp needed.
    uuidExtension: 'pgcrypto',
    url: opts.url,
    entities: [path.join(root, `src/modules/**/*.entity.${ext}`)],
    migrations: [path.join(root, `migrations/*.${ext}`)],
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
    },
  });
}
