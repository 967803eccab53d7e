import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import S3rver from 's3rver';
import { freePort } from '../../src/db/embedded';

/*
 * The scale test's own deployment, built from PostgreSQL's own tools on this machine: a primary
 * (initdb) and a streaming replica of it (pg_basebackup -R), PgBouncer in transaction mode in
 * front of the primary, a local S3-compatible server (s3rver), and hub processes started as
 * `tsx src/main.ts` with environment variables like any deployment. Everything listens on
 * 127.0.0.1, free ports; everything is stopped and removed by `stop()`.
 *
 * PostgreSQL refuses to run as root: when we are root, its tools and PgBouncer run as the
 * `postgres` system user (runuser), with the data under a temporary directory it owns.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The newest /usr/lib/postgresql/<v>/bin that has pg_basebackup. */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_basebackup'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('the scale test needs PostgreSQL server binaries (Debian: apt-get install postgresql)');
  return path.join(base, versions[0], 'bin');
}

export function pgbouncerBin(): string {
  for (const p of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) if (fs.existsSync(p)) return p;
  throw new Error('the scale test needs PgBouncer (Debian: apt-get install pgbouncer)');
}

/** PgBouncer's version, e.g. [1, 18, 0]. */
export function pgbouncerVersion(): number[] {
  const out = execFileSync(pgbouncerBin(), ['--version']).toString();
  const m = /PgBouncer (\d+)\.(\d+)\.(\d+)/.exec(out);
  return m ? m.slice(1).map(Number) : [0, 0, 0];
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** argv to run `cmd` as the PostgreSQL user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function run(cmd: string, args: string[]): string {
  const [c, a] = asPostgres(cmd, args);
  try {
    return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`);
  }
}

export interface PgServer {
  dir: string;
  port: number;
  url(db?: string): string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  query<T = any>(sql: string, params?: unknown[], db?: string): Promise<T[]>;
}

function pgServer(bin: string, dir: string, port: number, socketDir: string): PgServer {
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    dir,
    port,
    url,
    start: () => void run(path.join(bin, 'pg_ctl'), ['-D', dir, '-w', '-t', '60', '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${socketDir}`, 'start']),
    stop: (mode = 'fast') => void run(path.join(bin, 'pg_ctl'), ['-D', dir, '-w', '-t', '60', '-m', mode, 'stop']),
    async query(sql, params, db) {
      const c = new Client({ connectionString: url(db) });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
  };
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
  /** Named prepared statements through PgBouncer: only from 1.21 on (max_prepared_statements). */
  preparedThroughBouncer: boolean;
  s3: { endpoint: string; bucket: string; close(): Promise<void> };
  startHub(name: string, env: Record<string, string>): Promise<Hub>;
  stop(): Promise<void>;
}

export const DB = 'epi_hub';
export const JWT_SECRET = 'scale-test-secret-scale-test-secret-0123';

export async function startStack(): Promise<Stack> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-scale-'));
  fs.chmodSync(dir, 0o755);
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
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
    run(path.join(bin, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
    fs.appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        'wal_level = replica',
        'max_wal_senders = 4',
        'hot_standby = on',
        "shared_preload_libraries = 'pg_stat_statements'",
        'pg_stat_statements.track = all',
        'max_connections = 200',
        'fsync = off',
        "shared_buffers = '64MB'",
        '',
      ].join('\n'),
    );
    const primary = pgServer(bin, primaryDir, await freePort(), dir);
    primary.start();
    stops.push(() => primary.stop('immediate'));
    await primary.query(`CREATE DATABASE ${DB} ENCODING 'UTF8' TEMPLATE template0`);
    await primary.query('CREATE EXTENSION pg_stat_statements', [], DB);

    // Replica: a base backup of the primary, streaming (-R writes primary_conninfo and standby.signal).
    const replicaDir = path.join(dir, 'replica');
    run(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast']);
    const replica = pgServer(bin, replicaDir, await freePort(), dir);
    replica.start();
    stops.push(() => {
      if (fs.existsSync(path.join(replicaDir, 'postmaster.pid'))) replica.stop('immediate');
    });

    // PgBouncer, transaction pooling, in front of the primary.
    const bouncerPort = await freePort();
    const [major, minor] = pgbouncerVersion();
    const preparedThroughBouncer = major > 1 || (major === 1 && minor >= 21);
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
        'pool_mode = transaction',
        'default_pool_size = 8',
        'max_client_conn = 500',
        // node-postgres sends statement_timeout as a startup parameter; the server-side default
        // (ALTER ROLE … SET statement_timeout) is what applies behind a transaction pooler.
        'ignore_startup_parameters = extra_float_digits,statement_timeout,options',
        ...(preparedThroughBouncer ? ['max_prepared_statements = 200'] : []),
        `logfile = ${path.join(dir, 'pgbouncer.log')}`,
        `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
    );
    if (isRoot()) execFileSync('chown', ['postgres', ini, path.join(dir, 'userlist.txt')]);
    run(pgbouncerBin(), ['-d', ini]);
    stops.push(() => {
      const pid = Number(fs.readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8'));
      if (pid) process.kill(pid, 'SIGTERM');
    });

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
      preparedThroughBouncer,
      s3: { endpoint: `http://127.0.0.1:${s3port}`, bucket, close: () => s3server.close() },
      startHub,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
