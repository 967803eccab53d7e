import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

/**
 * The live feed over graphql-ws: same server, same path, same token; each subscriber gets only
 * what it may see. Clock-driven events (a site's disinfection interval running out) come from the
 * watcher, which follows the hub's clock.
 */
let hub: TestHub;
const clients: Client[] = [];
beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '100' } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await hub.stop();
});

function connect(token?: string): Client {
  const c = createClient({
    url: hub.graphqlUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  clients.push(c);
  return c;
}

/** Collects events of a subscription; `next(n)` waits until n have arrived. */
function collect(client: Client, kinds?: string[]) {
  const events: any[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  const started = new Promise<void>((resolve) => setTimeout(resolve, 300));
  client.subscribe(
    { query: `subscription($k: [HubEventKind!]) { events(kinds: $k) { id kind siteId entityType entityId message data } }`, variables: { k: kinds ?? null } },
    {
      next: (m) => {
        events.push((m.data as any).events);
        waiters.forEach((w) => w());
      },
      error: (e) => {
        errors.push(e);
        waiters.forEach((w) => w());
      },
      complete: () => undefined,
    },
  );
  return {
    events,
    errors,
    started,
    async next(n: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n && errors.length === 0 && Date.now() < deadline) {
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
        waiters = [];
      }
      return events;
    },
  };
}

const RECORD = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`;

describe('live feed', () => {
  it('refuses a connection without a valid token', async () => {
    const c = connect('not-a-token');
    const sub = collect(c);
    await sub.next(1, 1500);
    expect(sub.events).toHaveLength(0);
    expect(sub.errors.length).toBeGreaterThan(0);
  });

  it('announces a site falling out of disinfection compliance, only to those who may see it', async () => {
    const mine = await makeSite(hub.ds, { kind: 'HOTEL' });
    const other = await makeSite(hub.ds, { kind: 'HOTEL' });
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const otherManager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const command = await makeAccount(hub.ds, 'COMMAND');
    await bindManager(hub.ds, mine.id, manager.id);
    await bindManager(hub.ds, other.id, otherManager.id);
    const managerToken = await hub.login(manager.username);

    const t0 = new Date(Date.now() - 60_000);
    hub.clock.now = t0;
    const r = await hub.gql(
      RECORD,
      { i: { siteId: mine.id, idempotencyKey: 'lobby-1', area: 'LOBBY', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'WIPE', startedAt: new Date(t0.getTime() - 60_000).toISOString(), durationMinutes: 20, operatorName: '王丽' } },
      managerToken,
    );
    expect(r.errors).toBeUndefined();

    const commandSub = collect(connect(await hub.login(command.username)), ['SITE_OUT_OF_COMPLIANCE']);
    const mineSub = collect(connect(managerToken));
    const otherSub = collect(connect(await hub.login(otherManager.username)));
    await Promise.all([commandSub.started, mineSub.started, otherSub.started]);
    await new Promise((r) => setTimeout(r, 300)); // let the watcher set its watermark at t0

    // 25 hours later the lobby (every 24 h) is overdue.
    hub.clock.now = new Date(t0.getTime() + 25 * 3600_000);
    const seen = await commandSub.next(1);
    const lobby = seen.find((e) => e.siteId === mine.id && e.data.area === 'LOBBY');
    expect(lobby).toMatchObject({ kind: 'SITE_OUT_OF_COMPLIANCE', entityType: 'Site', entityId: mine.id, data: { area: 'LOBBY', maxIntervalHours: 24 } });
    const mineSeen = await mineSub.next(1);
    expect(mineSeen.some((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(otherSub.events.filter((e) => e.siteId !== other.id)).toEqual([]);
    // Announced once, not at every scan.
    expect(commandSub.events.filter((e) => e.siteId === mine.id && e.data.area === 'LOBBY')).toHaveLength(1);
  });
});
