import { startEmbeddedPostgres } from '../src/db/embedded';
(async () => {
  const ev = ['SIGTERM', 'SIGINT', 'beforeExit', 'exit', 'message'] as const;
  console.log('before', ev.map((e) => process.listenerCount(e)));
  const db = await startEmbeddedPostgres({ dir: process.env.D! });
  console.log('after', ev.map((e) => process.listenerCount(e)));
  await db.stop();
  console.log('stopped');
})();
