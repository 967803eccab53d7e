import { Client } from 'pg';
import { makeDataSource } from '../../src/db/data-source';
import { withDb } from '../helpers/global-setup';

/**
 * Entities and migrations must agree: on a database built only by the migrations, TypeORM's
 * schema builder (what `migration:generate` runs) must find nothing to change.
 * Also checks that every migration can be reverted.
 */
describe('migrations', () => {
  const serverUrl = process.env.EPI_TEST_SERVER_URL!;
  const name = `${process.env.EPI_TEST_TEMPLATE}_fmig_${process.pid}`;

  beforeAll(async () => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
    await c.end();
  });

  afterAll(async () => {
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });

  it('the entities need no schema change after the migrations ran, and every migration reverts', async () => {
    const ds = makeDataSource({ url: withDb(serverUrl, name), poolSize: 2 });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migration'`);
      expect(n).toBe(0);
    } finally {
      await ds.destroy();
    }
  });
});
