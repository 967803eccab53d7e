import { loadConfig } from '../src/config';
import { makeLogger } from '../src/logger';
import { openDatabase } from '../src/db/open';
import { createServer } from './.dbg-server';
import { loadDemoData } from '../src/db/demo-data';

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
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 15_000);
    force.unref();
    try {
      console.log('DBG server.stop'); await server.stop(); console.log('DBG server stopped');
      await db.close(); console.log('DBG db closed');
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
