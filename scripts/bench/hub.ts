import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { makeDataSource } from '../../src/db/data-source';
import { createServer } from '../../src/server';
import { SCALE_PASSWORD } from '../scale/presets';
import { buildServer, startArgs } from '../build-server';
import { startNode, type Proc } from './procs';
import type { Client } from 'pg';
import { countMissingDays, warmSetsWanted } from '../../src/modules/report/report-days';

export const JWT_SECRET = randomBytes(24).toString('hex');

export interface GqlResponse {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  sql: number;
  bytes: number;
}

export async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {}): Promise<GqlResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), sql: Number(res.headers.get('x-sql-statements') ?? NaN), bytes: Buffer.byteLength(text) };
}

export async function login(graphqlUrl: string, username: string): Promise<string> {
  const r = await post(graphqlUrl, `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: username, p: SCALE_PASSWORD });
  const token = r.body.data?.login?.token;
  if (!token) throw new Error(`login ${username} failed: ${JSON.stringify(r.body.errors)}`);
  return token;
}

const readyz = async (url: string) => (await fetch(`${url}/readyz`)).ok;

/**
 * The hub as production runs it (NODE_ENV=production: no statement-count header, no IDE), in a
 * child process so its memory can be read, logging only warnings. Started as `npm start` starts
 * it: built first when stale (scripts/build-server.ts), then the start script's `node` command.
 * `cwd`: another checkout's hub (--also-hub), the same way, or through tsx if it predates the
 * build step.
 */
export function startHub(databaseUrl: string, extraEnv: Record<string, string> = {}, cwd?: string): Promise<Proc> {
  const env = { NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, JWT_SECRET, LOG_LEVEL: 'warn', ...extraEnv };
  if (!cwd) {
    buildServer();
    return startNode('hub', 'dist/src/main.js', env, readyz, { args: startArgs() });
  }
  if (fs.existsSync(path.join(cwd, 'scripts', 'build-server.ts'))) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts'], { cwd, stdio: 'inherit' });
    return startNode('hub', 'dist/src/main.js', env, readyz, { cwd, args: startArgs(cwd) });
  }
  return startNode('hub', 'src/main.ts', env, readyz, { cwd });
}

/**
 * The same hub in this process with NODE_ENV=test, only to read x-sql-statements for one request
 * of each kind (production sends no such header).
 */
export async function withCountingHub<T>(databaseUrl: string, fn: (graphqlUrl: string) => Promise<T>): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', JWT_SECRET, DATA_DIR: '/tmp/epi-bench-data' });
  const ds = makeDataSource({ url: databaseUrl, poolSize: 4, applicationName: 'epi-bench-count' });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'silent' }) });
  try {
    const port = await server.listen(0, '127.0.0.1');
    return await fn(`http://127.0.0.1:${port}/graphql`);
  } finally {
    await server.stop();
    await ds.destroy();
  }
}

/**
 * Waits until the report's day and hour sets that a starting hub builds in the background
 * (warmReportSets, src/main.ts) are all there; returns the seconds waited. On a fresh copy of a
 * seed the build takes minutes on a loaded machine, and filings wait on its chunks (the day sets'
 * advisory lock): a filing benchmark measured during it measures the build (the "first round"
 * of filings.ts, 0.02–0.06× the floor).
 */
export async function waitForReportSets(c: Client, timeoutMs = 900_000): Promise<number> {
  const t0 = Date.now();
  const { all, allHours } = warmSetsWanted(new Date());
  const q = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows };
  while ((await countMissingDays(q, all, allHours)) > 0) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`the hub did not build the report sets within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return Math.round((Date.now() - t0) / 100) / 10;
}
