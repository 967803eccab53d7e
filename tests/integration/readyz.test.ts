import { startTestHub, type TestHub } from '../helpers/harness';

/** GET /readyz: ready only when the database answers and every migration of this build is applied. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

describe('GET /readyz', () => {
  it('is 200 on a migrated database and 503 while a migration of this build is missing', async () => {
    const ok = await fetch(`${hub.url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready' });

    const [last] = await hub.ds.query(`SELECT id, timestamp, name FROM migration ORDER BY timestamp DESC LIMIT 1`);
    await hub.ds.query(`DELETE FROM migration WHERE id = $1`, [last.id]);
    try {
      const behind = await fetch(`${hub.url}/readyz`);
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ status: 'unavailable', reason: '1 migration(s) not applied' });
      // Liveness is not readiness: the process itself is fine.
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    } finally {
      await hub.ds.query(`INSERT INTO migration (id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    }
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
  });
});
