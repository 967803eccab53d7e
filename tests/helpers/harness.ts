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
  /** SQL statements the request ran (x-sql-statements header); throws if the header is missing or not a count. */
  readonly sql: number;
}

/**
 * The hub's clock in a test. Until pinned it follows the machine clock (so the hub's "now" and
 * the database's `now()`, which stamps created_at, updated_at and the audit trail, agree). Tests
 * take "now" from here, never from `Date.now()`: `pin()` freezes it (at an instant, or at the
 * current one), `advance()` moves a pinned clock on.
 */
export interface TestClock {
  now: Date;
  /** Whether a test has pinned the clock. */
  readonly pinned: boolean;
  /** Pins the clock at `at` (default: the current instant); returns the instant. */
  pin(at?: Date): Date;
  /** Moves the clock on by `ms` (pinning it where it is first); returns the new instant. */
  advance(ms: number): Date;
  /** Lets the clock follow the machine clock again. */
  unpin(): void;
}

export function makeTestClock(): TestClock {
  let pinnedAt: Date | null = null;
  return {
    get now() {
      return pinnedAt ? new Date(pinnedAt.getTime()) : new Date();
    },
    set now(d: Date) {
      pinnedAt = new Date(d.getTime());
    },
    get pinned() {
      return pinnedAt !== null;
    },
    pin(at?: Date) {
      pinnedAt = new Date((at ?? new Date()).getTime());
      return new Date(pinnedAt.getTime());
    },
    advance(ms: number) {
      pinnedAt = new Date((pinnedAt ?? new Date()).getTime() + ms);
      return new Date(pinnedAt.getTime());
    },
    unpin() {
      pinnedAt = null;
    },
  };
}

/**
 * The x-sql-statements header as a count. A missing or malformed header throws, so a statement
 * guard cannot pass by comparing NaN with NaN.
 */
export function sqlStatements(headers: Headers): number {
  const h = headers.get('x-sql-statements');
  if (h === null) throw new Error('the response has no x-sql-statements header');
  if (!/^\d+$/.test(h)) throw new Error(`x-sql-statements is not a count: ${JSON.stringify(h)}`);
  return Number(h);
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
  /** The clock the hub uses (ctx.now()); tests pin and move it. */
  clock: TestClock;
  /**
   * The database's clock (clock_timestamp()): what stamps created_at, updated_at, recorded_at
   * defaults and the audit trail, so what as-of cutoffs between two writes must be taken from.
   * Waits until the database clock has moved past the instant it returns, so a write after the
   * call is stamped strictly later.
   */
  dbNow(): Promise<Date>;
  /** What the hub logged at level error (JSON lines, kept in memory): e.g. an 'internal error' with its cause. */
  errorLogs: string[];
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
  const clock = makeTestClock();
  const errorLogs: string[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void errorLogs.push(line) });
  const server = await createServer({ config, ds, log, now: () => clock.now });
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
    return {
      status: res.status,
      data: body.data as any,
      errors: body.errors,
      headers: res.headers,
      get sql() {
        return sqlStatements(res.headers);
      },
    };
  };

  return {
    url,
    graphqlUrl,
    ds,
    server,
    config,
    dbUrl,
    gql,
    clock,
    errorLogs,
    async dbNow() {
      // The next whole millisecond of the database clock (what a DateTime can say), then wait, on
      // the database, until its clock has passed it: earlier writes are stamped before it, later after.
      const [{ t }] = await ds.query(`SELECT to_char((date_trunc('milliseconds', clock_timestamp()) + interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t`);
      await ds.query(`DO $$ BEGIN WHILE clock_timestamp() <= '${t}'::timestamptz LOOP PERFORM pg_sleep(0.0005); END LOOP; END $$`);
      return new Date(t);
    },
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

/**
 * Waits until `condition` holds, checking every `everyMs`; throws (failing the test) if it does
 * not within `timeoutMs`. For things that happen on their own (a lock wait, an event delivered).
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, { timeoutMs = 10_000, everyMs = 20 } = {}): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
