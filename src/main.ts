import cluster from 'node:cluster';
import v8 from 'node:v8';
import { loadConfig, type Config } from './config';
import { makeLogger } from './logger';
import { openDatabase } from './db/open';
import { createServer } from './server';
import { loadDemoData } from './db/demo-data';
import { ReadRouter } from './db/replicas';
import { runClusterPrimary } from './cluster';
import { warmReportSets } from './modules/report/report-days';
import type { Logger } from 'pino';

/**
 * Reads config, opens the database (embedded unless DATABASE_URL), starts the server. With
 * HUB_PROCESSES=N > 1 this process becomes the cluster's primary (src/cluster.ts): it migrates
 * (and starts the embedded PostgreSQL if there is one), then runs N workers sharing the port.
 */
async function main() {
  const config = loadConfig();
  // V8 lets the old generation grow to up to 4× what survived the last full collection before it
  // collects again. Under the nested read each response's text (130–160 KB, over the large-object
  // size) goes straight to the old generation, so the heap climbed to ~220 MB of garbage over
  // ~60 MB live, and the RSS to ~340 MB. A smaller factor collects sooner (BENCHMARKS.md,
  // "Memory"); 0 keeps V8's own. Read by V8 at each collection, so setting it here takes effect.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const log = makeLogger(config.logLevel);
  if (config.processes > 1 && cluster.isPrimary) return runClusterPrimary(config, log);
  await serve(config, cluster.isWorker ? log.child({ worker: cluster.worker?.id }) : log);
}

async function serve(config: Config, log: Logger) {
  const db = await openDatabase(config, log);
  if (config.demoData && !cluster.isWorker) await loadDemoData(db.ds, log);
  let reads: ReadRouter | undefined;
  if (config.readUrls.length) {
    reads = new ReadRouter({
      primary: db.ds,
      urls: config.readUrls,
      poolSize: config.readPoolSize,
      maxLagMs: config.replicaMaxLagMs,
      intervalMs: config.replicaCheckIntervalMs,
      statementTimeoutMs: config.statementTimeoutMs,
      backgroundStatementTimeoutMs: config.backgroundStatementTimeoutMs,
      log,
    });
    await reads.start();
    log.info({ replicas: reads.status() }, 'read replicas');
  }
  const server = await createServer({ config, ds: db.ds, log, reads });
  const port = await server.listen(config.port, config.host);
  log.info({ url: `http://localhost:${port}/graphql`, embedded: !!db.embedded, ide: config.ide }, 'hub listening');
  if (!cluster.isWorker || cluster.worker?.id === 1) void warmReportSets(db.ds, log); // the report's day sets, in the background

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining: no new requests, waiting for in-flight ones');
    const force = setTimeout(() => {
      // Something would not finish: still stop the database (an orphaned embedded postmaster
      // would otherwise outlive us), then exit non-zero.
      log.error('shutdown took too long; closing the database and exiting');
      void Promise.race([db.close(), new Promise((r) => setTimeout(r, 5_000))]).finally(() => process.exit(1));
    }, config.shutdownTimeoutMs + 5_000);
    force.unref();
    try {
      await server.stop();
      await db.close();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, () => void shutdown(s));
}

main().catch((err) => {
  // Configuration and startup errors: say what is wrong, plainly, and exit non-zero.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
