import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { makeDataSource } from '../../src/db/data-source';
import { createServer, type HubServer } from '../../src/server';
import { withDb } from './global-setup';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; field?: string; [k: string]: unknown } }[];
  headers: Headers;
  /** SQL statements the request ran (x-sql-statements header). */
  sql: number;
}

export interface TestHub {
  url: string;
  graphqlUrl: string;
  ds: DataSource;
  server: HubServer;
  config: Config;
  dbUrl: string;
  /** Sends a GraphQL request; `token` signs it in. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Signs in and returns the token (fails the test if login fails). */
  login(username: string, password?: string): Promise<string>;
  /** The clock the hub uses; tests may move it. */
  clock: { now: Date };
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';

/**
 * A hub of its own for one test file: a fresh database cloned from the migrated template, the
 * real server on a random port, and a GraphQL client. Call `stop()` in afterAll.
 */
export async function startTestHub(opts: { env?: Record<string, string> } = {}): Promise<TestHub> {
  const serverUrl = process.env.EPI_TEST_SERVER_URL!;
  const template = process.env.EPI_TEST_TEMPLATE!;
  const dbName = `${template}_f${process.pid}_${randomUUID().slice(0, 8)}`;
  await createFromTemplate(serverUrl, template, dbName);
  const dbUrl = withDb(serverUrl, dbName);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-hub-data-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: dbUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', JWT_SECRET: 'test-secret-test-secret-test-secret-0123', ...opts.env });
  const ds = makeDataSource({ url: dbUrl, poolSize: 12, statementTimeoutMs: config.statementTimeoutMs, backgroundStatementTimeoutMs: config.backgroundStatementTimeoutMs });
  await ds.initialize();
  const clock = { now: new Date() };
  let pinned = false;
  const clockProxy = {
    get now() {
      return pinned ? clock.now : new Date();
    },
    set now(d: Date) {
      pinned = true;
      clock.now = d;
    },
  };
  const server = await createServer({ config, ds, log: pino({ level: 'silent' }), now: () => clockProxy.now });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const graphqlUrl = `${url}/graphql`;

  const gql = async (query: string, variables?: Record<string, unknown>, token?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: GqlResult['errors'] };
    return { status: res.status, data: body.data as any, errors: body.errors, headers: res.headers, sql: Number(res.headers.get('x-sql-statements') ?? NaN) };
  };

  return {
    url,
    graphqlUrl,
    ds,
    server,
    config,
    dbUrl,
    gql,
    clock: clockProxy,
    async login(username: string, password = TEST_PASSWORD) {
      const r = await gql(`mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: username, p: password });
      if (!r.data?.login?.token) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
      return r.data.login.token as string;
    },
    async stop() {
      await server.stop();
      await ds.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

async function createFromTemplate(serverUrl: string, template: string, name: string) {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        // "source database is being accessed by other users": another file is cloning it now.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  } finally {
    await c.end();
  }
}

/** Expects exactly one error with this code; returns it. */
export function expectError(r: GqlResult, code: string) {
  if (!r.errors?.length) throw new Error(`expected ${code}, got data ${JSON.stringify(r.data)}`);
  const e = r.errors[0];
  if (e.extensions.code !== code) throw new Error(`expected ${code}, got ${e.extensions.code}: ${e.message}`);
  return e;
}
