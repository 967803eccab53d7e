import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../helpers/harness';
import { real, untilMarked, writeMarkers } from '../helpers/feed';
import { makeAccount } from '../fixtures/factory';
import { ASSIGN, LODGE, RESOLVE, disputeWorld, inspect, plus, type DisputeWorld } from '../fixtures/disputes';

let hub: TestHub;
let w: DisputeWorld;
let client: Client;
let staffClient: Client | undefined;
const NOW = new Date('2026-11-21T12:00:00.000Z');

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await disputeWorld(hub);
});
afterAll(async () => {
  await client?.dispose();
  await staffClient?.dispose();
  await hub.stop();
});

describe('the live feed', () => {
  it('tells the command centre when a dispute is lodged and when it is resolved (once, after commit)', async () => {
    client = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${w.tokens.command}` }, retryAttempts: 0 });
    const events: { kind: string; entityType: string; entityId: string; siteId: string; data: Record<string, unknown> }[] = [];
    // From the outbox's newest position now: the subscription gets what follows however long it takes to start.
    const [head] = await hub.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM hub_event ORDER BY tx_id DESC, seq DESC LIMIT 1`);
    client.subscribe(
      { query: `subscription($a: String) { events(kinds: [DISPUTE_LODGED, DISPUTE_RESOLVED], after: $a) { kind entityType entityId siteId data } }`, variables: { a: head ? `${head.tx}-${head.seq}` : '0-0' } },
      { next: (m) => void events.push((m.data as any).events), error: () => undefined, complete: () => undefined },
    );
    // The hotel's staff (they record disinfection) subscribe to everything: dispute events are not theirs.
    const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
    await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [w.hotel.id, staff.id, w.hotelManager.id]);
    const staffEvents: { entityType: string; entityId: string }[] = [];
    staffClient = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${await hub.login(staff.username)}` }, retryAttempts: 0 });
    staffClient.subscribe(
      { query: `subscription($a: String) { events(after: $a) { kind entityType entityId siteId } }`, variables: { a: head ? `${head.tx}-${head.seq}` : '0-0' } },
      { next: (m) => void staffEvents.push((m.data as any).events), error: () => undefined, complete: () => undefined },
    );
    const insp = await inspect(hub, w, ['M1'], plus(NOW, -3_600_000));
    const input = { idempotencyKey: randomUUID(), findingId: insp.findings.M1.id, reason: '不认可' };
    const l = await hub.gql(LODGE, { i: input }, w.tokens.hotelManager);
    await hub.gql(LODGE, { i: input }, w.tokens.hotelManager); // a retry announces nothing more
    const d = l.data.lodgeDispute;
    const a = await hub.gql(ASSIGN, { i: { id: d.id, version: d.version, reviewerId: w.reviewer.id } }, w.tokens.command);
    await hub.gql(RESOLVE, { i: { id: d.id, version: a.data.assignDispute.version, outcome: 'OVERTURNED', rationale: '不成立' } }, w.tokens.reviewer);
    // A marker behind the steps: once it has arrived, everything before it has been delivered.
    await untilMarked(await writeMarkers(hub, [{ kind: 'DISPUTE_RESOLVED', siteId: null }]), { command: events });
    // A marker the staff may see (a compliance event of their hotel), behind the steps.
    await untilMarked(await writeMarkers(hub, [{ kind: 'SITE_OUT_OF_COMPLIANCE', siteId: w.hotel.id }]), { staff: staffEvents });
    expect(real(staffEvents)).toEqual([]);
    expect(real(events).map((e) => [e.kind, e.entityId, e.siteId])).toEqual([
      ['DISPUTE_LODGED', d.id, w.hotel.id],
      ['DISPUTE_RESOLVED', d.id, w.hotel.id],
    ]);
    expect(real(events)[1].data).toMatchObject({ outcome: 'OVERTURNED', findingStatus: 'WITHDRAWN' });
  });
});
