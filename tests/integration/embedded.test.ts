import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { makeDataSource } from '../../src/db/data-source';
import { startTestHub, type TestHub } from '../helpers/harness';

/**
 * The database under concurrency (the embedded PostgreSQL, or DATABASE_URL's when set): the routes
 * that failed here (PGlite behind one shared session or a socket) lost or invented rows exactly in
 * this situation. 20 transactions through a pool of 10, half rolled back, with 200 reads and
 * writes beside them; afterwards exactly the committed rows exist.
 */
let hub: TestHub;
let ds: DataSource;
beforeAll(async () => {
  hub = await startTestHub();
  ds = makeDataSource({ url: hub.dbUrl, poolSize: 10, applicationName: 'embedded-concurrency-test' });
  await ds.initialize();
});
afterAll(async () => {
  await ds.destroy();
  await hub.stop();
});

class Rollback extends Error {}

it(`runs 20 concurrent transactions (half rolled back) beside 200 reads and writes on a pool of 10 (${process.env.EPI_TEST_DB_KIND} database)`, async () => {
  const run = randomUUID().slice(0, 6).toUpperCase();
  const txCode = (i: number) => `TX-${run}-${i}`;
  const rwCode = (i: number) => `RW-${run}-${i}`;
  const seenInside: number[] = [];
  const maxVisible: number[] = [];
  const backends: number[] = [];

  const transactions = Array.from({ length: 20 }, (_, i) =>
    ds
      .transaction(async (em) => {
        await em.query(`INSERT INTO agency (code, name, kind) VALUES ($1, $2, 'OTHER')`, [txCode(i), `tx ${i}`]);
        // Hold the transaction open a moment so they overlap each other and the other traffic.
        await em.query('SELECT pg_sleep(0.02)');
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM agency WHERE code LIKE $1 AND code NOT LIKE '%-B'`, [`TX-${run}-%`]);
        seenInside.push(n);
        await em.query(`INSERT INTO agency (code, name, kind) VALUES ($1, $2, 'OTHER')`, [`${txCode(i)}-B`, `tx ${i} second row`]);
        if (i % 2 === 1) throw new Rollback(`roll back ${i}`);
      })
      .then(
        () => 'committed',
        (e) => (e instanceof Rollback ? 'rolled back' : Promise.reject(e)),
      ),
  );
  const others = Array.from({ length: 200 }, (_, i) =>
    i % 2 === 0
      ? ds.query(`INSERT INTO agency (code, name, kind) VALUES ($1, $2, 'OTHER')`, [rwCode(i), `rw ${i}`])
      : Promise.all([
          ds.query(`SELECT count(*)::int AS n FROM agency WHERE code LIKE $1 AND code NOT LIKE '%-B'`, [`TX-${run}-%`]).then(([r]) => maxVisible.push(r.n)),
          ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'embedded-concurrency-test'`).then(([r]) => backends.push(r.n)),
        ]),
  );
  const outcomes = await Promise.all(transactions);
  await Promise.all(others);

  expect(outcomes.filter((o) => o === 'committed')).toHaveLength(10);
  const rows: { code: string }[] = await ds.query(`SELECT code FROM agency WHERE code LIKE $1 ORDER BY code`, [`%-${run}-%`]);
  const expected = [
    ...Array.from({ length: 20 }, (_, i) => i)
      .filter((i) => i % 2 === 0)
      .flatMap((i) => [txCode(i), `${txCode(i)}-B`]),
    ...Array.from({ length: 200 }, (_, i) => i)
      .filter((i) => i % 2 === 0)
      .map(rwCode),
  ].sort();
  expect(rows.map((r) => r.code)).toEqual(expected);
  // Each transaction saw its own row; no reader ever saw more than the 10 that commit.
  expect(seenInside.every((n) => n >= 1 && n <= 11)).toBe(true);
  expect(Math.max(...maxVisible)).toBeLessThanOrEqual(10);
  // The pool really was the limit: never more than 10 sessions of ours at once.
  expect(Math.max(...backends)).toBeLessThanOrEqual(10);
  expect(Math.max(...backends)).toBeGreaterThan(1);
});
