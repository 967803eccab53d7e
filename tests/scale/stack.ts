import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import S3rver from 's3rver';
import { freePort } from '../../src/db/embedded';
import { baseBackup, initPrimary, isRoot, pgServer, postgresBin, postgresTempDir, runAsPostgres as run, type PgServer } from '../../scripts/scale/postgres';

/*
 * The scale test's own deployment, built from PostgreSQL's own tools on this machine: a primary
 * (initdb) and a streaming replica of it (pg_basebackup -R), PgBouncer in transaction mode in
 * front of the primary, a local S3-compatible server (s3rver), and hub processes started as
 * `tsx src/main.ts` with environment variables like any deployment. Everything listens on
 * 127.0.0.1, free ports; everything is stopped and removed by `stop()`.
 *
 * PostgreSQL and PgBouncer refuse to run as root: when we are root, they run as the `postgres`
 * system user (runuser), with the data (and a copy of the PgBouncer binary) under a temporary
 * directory it owns (scripts/scale/postgres.ts).
 */

const ROOT = path.resolve(__dirname, '..', '..');

export { postgresBin, type PgServer };

/**
 * The PgBouncer the test runs: $PGBOUNCER if set, else the one scripts/scale/build-pgbouncer.sh
 * built from vendor/ (1.25, `npm run test:scale` builds it first), else Debian's package (1.18:
 * no prepared statements through it, so the test that needs them fails and says why).
 */
export function pgbouncerBin(): string {
  const built = path.join(process.env.EPI_HUB_CACHE ?? path.join(os.homedir(), '.cache', 'epi-hub'), 'pgbouncer-1.25.2', 'bin', 'pgbouncer');
  for (const p of [process.env.PGBOUNCER, built, '/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) if (p && fs.existsSync(p)) return p;
  throw new Error('the scale test needs PgBouncer: bash scripts/scale/build-pgbouncer.sh (or Debian: apt-get install pgbouncer)');
}

/** PgBouncer's version, e.g. [1, 25, 2]. */
export function pgbouncerVersion(bin = pgbouncerBin()): number[] {
  const out = execFileSync(bin, ['--version']).toString();
  const m = /PgBouncer (\d+)\.(\d+)\.(\d+)/.exec(out);
  return m ? m.slice(1).map(Number) : [0, 0, 0];
}

export interface Hub {
  name: string;
  url: string;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface Stack {
  dir: string;
  primary: PgServer;
  replica: PgServer;
  bouncerPort: number;
  bouncerUrl: string;
  /** PgBouncer's version, e.g. [1, 25, 2]. */
  bouncerVersion: number[];
  /** Server connections PgBouncer keeps per database and user (default_pool_size). */
  bouncerPoolSize: number;
  /** Named prepared statements through PgBouncer: only from 1.21 on (max_prepared_statements). */
  preparedThroughBouncer: boolean;
  /** A query on PgBouncer's admin console (SHOW STATS, SHOW SERVERS: simple protocol). */
  bouncerAdmin<T = any>(sql: string): Promise<T[]>;
  s3: { endpoint: string; bucket: string; close(): Promise<void> };
  startHub(name: string, env: Record<string, string>): Promise<Hub>;
  stop(): Promise<void>;
}

export const DB = 'epi_hub';
export const JWT_SECRET = 'scale-test-secret-scale-test-secret-0123';

export async function startStack(): Promise<Stack> {
  const bin = postgresBin();
  const dir = postgresTempDir('epi-scale-');
  const hubs: Hub[] = [];
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const h of hubs.splice(0)) await h.stop().catch(() => undefined);
    for (const s of stops.splice(0).reverse()) {
      try {
        await s();
      } catch {
        /* keep stopping the rest */
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Primary: replication on, pg_stat_statements to count statements per server.
    const primaryDir = path.join(dir, 'primary');
    initPrimary(bin, primaryDir, ['fsync = off', "shared_buffers = '64MB'"]);
    const primary = pgServer(bin, primaryDir, await freePort(), dir);
    primary.start();
    stops.push(() => primary.stop('immediate'));
    await primary.query(`CREATE DATABASE ${DB} ENCODING 'UTF8' TEMPLATE template0`);
    await primary.query('CREATE EXTENSION pg_stat_statements', [], DB);

    // Replica: a base backup of the primary, streaming (-R writes primary_conninfo and standby.signal).
    const replicaDir = path.join(dir, 'replica');
    baseBackup(bin, primary, replicaDir);
    const replica = pgServer(bin, replicaDir, await freePort(), dir);
    replica.start();
    stops.push(() => {
      if (fs.existsSync(path.join(replicaDir, 'postmaster.pid'))) replica.stop('immediate');
    });

    // PgBouncer, transaction pooling, in front of the primary, with few server connections (so
    // the hub's pooled clients share them) and, from 1.21 on, named prepared statements tracked
    // per server connection. It will not run as root, and the postgres user cannot reach a binary
    // under /root: it runs a copy in the test's directory.
    const bouncerPort = await freePort();
    const bouncerBin = path.join(dir, 'pgbouncer');
    fs.copyFileSync(pgbouncerBin(), bouncerBin);
    fs.chmodSync(bouncerBin, 0o755);
    const bouncerVersion = pgbouncerVersion(bouncerBin);
    const [major, minor] = bouncerVersion;
    const preparedThroughBouncer = major > 1 || (major === 1 && minor >= 21);
    const bouncerPoolSize = 4;
    const ini = path.join(dir, 'pgbouncer.ini');
    fs.writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
    fs.writeFileSync(
      ini,
      [
        '[databases]',
        `${DB} = host=127.0.0.1 port=${primary.port} dbname=${DB}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${bouncerPort}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${path.join(dir, 'userlist.txt')}`,
        'admin_users = postgres',
        'pool_mode = transaction',
        `default_pool_size = ${bouncerPoolSize}`,
        'max_client_conn = 500',
        // node-postgres sends statement_timeout as a startup parameter; the server-side default
        // (ALTER ROLE … SET statement_timeout) is what applies behind a transaction pooler.
        'ignore_startup_parameters = extra_float_digits,statement_timeout,options',
        ...(preparedThroughBouncer ? ['max_prepared_statements = 200'] : []),
        // SHOW STATS totals are folded in every stats_period seconds (60 by default).
        'stats_period = 1',
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
    );
    if (isRoot()) execFileSync('chown', ['postgres', ini, path.join(dir, 'userlist.txt'), bouncerBin]);
    run(bouncerBin, ['-d', ini]);
    stops.push(() => {
      const pid = Number(fs.readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8'));
      if (pid) process.kill(pid, 'SIGTERM');
    });
    const bouncerAdmin = async (sql: string) => {
      const c = new Client({ connectionString: `postgres://postgres@127.0.0.1:${bouncerPort}/pgbouncer` });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    };

    // Object storage.
    const s3dir = path.join(dir, 's3');
    fs.mkdirSync(s3dir);
    const bucket = 'evidence';
    const s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: bucket }] });
    const { port: s3port } = await s3server.run();
    stops.push(() => s3server.close());

    const startHub = async (name: string, env: Record<string, string>): Promise<Hub> => {
      const port = await freePort();
      const dataDir = path.join(dir, `data-${name}`);
      fs.mkdirSync(dataDir);
      let out = '';
      const proc = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
        cwd: ROOT,
        detached: true, // its own process group: stop() can end the hub and its workers together
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATA_DIR: dataDir,
          JWT_SECRET,
          LOG_LEVEL: 'info',
          STORAGE: 's3',
          S3_ENDPOINT: `http://127.0.0.1:${s3port}`,
          S3_BUCKET: bucket,
          S3_FORCE_PATH_STYLE: 'true',
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
          ...env,
        },
      });
      proc.stdout!.on('data', (d) => (out += d));
      proc.stderr!.on('data', (d) => (out += d));
      const url = `http://127.0.0.1:${port}`;
      const hub: Hub = {
        name,
        url,
        proc,
        output: () => out,
        stop: async () => {
          if (proc.exitCode !== null || proc.signalCode !== null) return;
          const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
          process.kill(-proc.pid!, 'SIGTERM');
          const t = setTimeout(() => {
            try {
              process.kill(-proc.pid!, 'SIGKILL');
            } catch {
              /* gone */
            }
          }, 20_000);
          await exited;
          clearTimeout(t);
        },
      };
      hubs.push(hub);
      // Ready: /readyz answers 200 (the database reachable, every migration applied).
      for (let i = 0; i < 600; i++) {
        if (proc.exitCode !== null) throw new Error(`hub ${name} exited: ${out.slice(-2000)}`);
        const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
        if (ok) return hub;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`hub ${name} not ready in 120 s: ${out.slice(-2000)}`);
    };

    return {
      dir,
      primary,
      replica,
      bouncerPort,
      bouncerUrl: `postgres://postgres@127.0.0.1:${bouncerPort}/${DB}`,
      bouncerVersion,
      bouncerPoolSize,
      preparedThroughBouncer,
      bouncerAdmin,
      s3: { endpoint: `http://127.0.0.1:${s3port}`, bucket, close: () => s3server.close() },
      startHub,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
