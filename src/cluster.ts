import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase } from './db/open';
import { loadDemoData } from './db/demo-data';
import { makeTokenService } from './modules/account/token.service';

/**
 * HUB_PROCESSES=N (N > 1): this process is the cluster's primary. It serves nothing itself: it
 * applies the migrations once (and starts the embedded PostgreSQL when DATABASE_URL is unset,
 * loading the demo data if configured), then forks N workers. The workers share the listening
 * port (Node's cluster module hands connections out round-robin); each is a whole hub with its
 * own pool, feed listener and background work, all of whose shared state is in PostgreSQL
 * (README "Scaling out"). A worker that dies is replaced after a second; SIGTERM/SIGINT drain
 * every worker, then stop the embedded PostgreSQL, then exit.
 */
export async function runClusterPrimary(config: Config, log: Logger): Promise<void> {
  const db = await openDatabase(config, log);
  if (config.demoData) await loadDemoData(db.ds, log);
  await db.ds.destroy(); // the primary needs no pool; the embedded server (if any) keeps running
  // Without JWT_SECRET the development secret is made here, once, before the workers read it.
  makeTokenService(config);
  // Each worker connects to the same database; demo data is loaded (above) once, not per worker.
  const env: Record<string, string> = { DATABASE_URL: db.url, HOST: config.host, DEMO_DATA: 'false', HUB_PROCESSES: String(config.processes) };
  let stopping = false;
  const fork = () => {
    const w = cluster.fork(env);
    w.on('exit', (code, signal) => {
      if (stopping) return;
      log.error({ worker: w.id, code, signal }, 'hub worker exited; starting another in 1 s');
      setTimeout(() => !stopping && fork(), 1000).unref();
    });
    return w;
  };
  for (let i = 0; i < config.processes; i++) fork();
  log.info({ processes: config.processes, port: config.port }, 'hub cluster started');

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the hub workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const exited = Promise.all(workers.map((w) => (w.isDead() ? undefined : new Promise<void>((resolve) => w.once('exit', () => resolve())))));
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + 10_000);
    force.unref();
    await exited;
    await db.close();
    log.info('hub cluster stopped');
    process.exit(0);
  };
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, () => void shutdown(s));
}
