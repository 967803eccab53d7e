import { loadConfig } from './config';
import { makeLogger } from './logger';
import { openDatabase } from './db/open';
import { createServer } from './server';
import { loadDemoData } from './db/demo-data';

/** Reads config, opens the database (embedded unless DATABASE_URL), starts the server. */
async function main() {
  const config = loadConfig();
  const log = makeLogger(config.logLevel);
  const db = await openDatabase(config, log);
  if (config.demoData) await loadDemoData(db.ds, log);
  const server = await createServer({ config, ds: db.ds, log });
  const port = await server.listen(config.port, config.host);
  log.info({ url: `http://localhost:${port}/graphql`, embedded: !!db.embedded, ide: config.ide }, 'hub listening');

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
