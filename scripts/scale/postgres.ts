import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/*
 * A private PostgreSQL primary and streaming replica built with PostgreSQL's own tools (initdb,
 * pg_ctl, pg_basebackup), for the scale test (tests/scale/stack.ts) and the scale benchmark
 * (scripts/bench/scale.ts). PostgreSQL refuses to run as root: when we are root, its tools run as
 * the `postgres` system user (runuser), with the data in directories it owns.
 */

/** The newest /usr/lib/postgresql/<v>/bin that has pg_basebackup. */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_basebackup'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('needs PostgreSQL server binaries (Debian: apt-get install postgresql)');
  return path.join(base, versions[0], 'bin');
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** argv to run `cmd` as the PostgreSQL user. */
export function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/** Runs a PostgreSQL tool (as the postgres user when root); throws with its output on failure. */
export function runAsPostgres(cmd: string, args: string[], timeoutMs = 120_000): string {
  const [c, a] = asPostgres(cmd, args);
  try {
    return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs }).toString();
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`);
  }
}

/** Makes `dir` (and its parents) and, when root, gives it to the postgres user. */
export function postgresOwnedDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
}

/** A temporary directory the postgres user owns. */
export function postgresTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  postgresOwnedDir(dir);
  return dir;
}

export interface PgServer {
  dir: string;
  port: number;
  url(db?: string): string;
  running(): boolean;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  query<T = any>(sql: string, params?: unknown[], db?: string): Promise<T[]>;
}

/** A server over an existing data directory, listening on 127.0.0.1:port (and a socket in socketDir). */
export function pgServer(bin: string, dir: string, port: number, socketDir: string): PgServer {
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    dir,
    port,
    url,
    running: () => fs.existsSync(path.join(dir, 'postmaster.pid')),
    start: () => void runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', dir, '-w', '-t', '300', '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${socketDir}`, 'start'], 330_000),
    stop: (mode = 'fast') => void runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', dir, '-w', '-t', '120', '-m', mode, 'stop'], 150_000),
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

/** initdb a primary in `dir` (trust auth, replication on, pg_stat_statements), with extra settings. */
export function initPrimary(bin: string, dir: string, extra: string[] = []): void {
  runAsPostgres(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
  fs.appendFileSync(
    path.join(dir, 'postgresql.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      'wal_level = replica',
      'max_wal_senders = 4',
      'hot_standby = on',
      "shared_preload_libraries = 'pg_stat_statements'",
      'pg_stat_statements.track = all',
      'max_connections = 200',
      ...extra,
      '',
    ].join('\n'),
  );
}

/** A streaming replica of `primary` in `dir`: pg_basebackup -R (primary_conninfo and standby.signal). */
export function baseBackup(bin: string, primary: PgServer, dir: string, timeoutMs = 120_000): void {
  runAsPostgres(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dir, '-R', '-X', 'stream', '--checkpoint=fast'], timeoutMs);
}
