import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAccount, makeAgency } from '../fixtures/factory';
import pino from 'pino';
import { makeAuditSealer, sealPending } from '../../src/modules/audit/audit-chain';
import { makeDataSource } from '../../src/db/data-source';

let hub: TestHub;
let adminToken: string;
let admin: { id: string; username: string };
beforeAll(async () => {
  hub = await startTestHub();
  admin = await makeAccount(hub.ds, 'ADMIN');
  adminToken = await hub.login(admin.username);
});
afterAll(() => hub.stop());

const EVENTS = `query($f: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id occurredAt actor { id username } actorUsername actorRole action entityType entityId changes { field before after } requestId sealed seq hash }
  }
}`;
const VERIFY = `{ verifyAuditChain { ok sealedEvents unsealedEvents headHash problems { seq eventId problem } } }`;
const CREATE_AGENCY = `mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id code } }`;
const CREATE_ACCOUNT = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { id username } }`;

const code = () => `AU-${randomUUID().slice(0, 8).toUpperCase()}`;

async function createAgency(h: TestHub, token: string, headers: Record<string, string> = {}) {
  const c = code();
  const r = await h.gql(CREATE_AGENCY, { i: { code: c, name: `Agency ${c}`, kind: 'HEALTH' } }, token, headers);
  expect(r.errors).toBeUndefined();
  return r.data.createAgency as { id: string; code: string };
}

/** A hub with a database of its own, for tests that tamper with the trail. Its admin's login is event 1. */
/**
 * An audit event inserted in a transaction of its own, left open: `held` is its id; `commit()`
 * commits it; `release()` (in a finally) rolls back what is still open and disconnects.
 */
async function heldAuditEvent(h: TestHub, entityId: string) {
  const raw = new Client({ connectionString: h.dbUrl });
  await raw.connect();
  await raw.query('BEGIN');
  const {
    rows: [held],
  } = await raw.query(`INSERT INTO audit_event (action, entity_type, entity_id, actor_username) VALUES ('test.held', 'Thing', $1, 'system') RETURNING id::text AS id`, [entityId]);
  return {
    held: held as { id: string },
    commit: () => raw.query('COMMIT'),
    async release() {
      await raw.query('ROLLBACK').catch(() => undefined);
      await raw.end();
    },
  };
}

async function withOwnHub(fn: (h: TestHub, token: string) => Promise<void>) {
  const h = await startTestHub();
  try {
    const a = await makeAccount(h.ds, 'ADMIN');
    await fn(h, await h.login(a.username));
  } finally {
    await h.stop();
  }
}

describe('every mutation writes its audit event', () => {
  it('createAgency records the new fields, the request id and the actor', async () => {
    const requestId = `req-${randomUUID()}`;
    const agency = await createAgency(hub, adminToken, { 'x-request-id': requestId });
    const r = await hub.gql(EVENTS, { f: { entityType: 'Agency', entityId: agency.id } }, adminToken);
    expect(r.data.auditEvents.totalCount).toBe(1);
    const [e] = r.data.auditEvents.nodes;
    expect(e).toMatchObject({ action: 'agency.create', entityType: 'Agency', entityId: agency.id, requestId, actor: { id: admin.id, username: admin.username }, actorUsername: admin.username, actorRole: 'ADMIN' });
    expect(e.changes).toEqual(
      expect.arrayContaining([
        { field: 'code', before: null, after: agency.code },
        { field: 'name', before: null, after: `Agency ${agency.code}` },
        { field: 'kind', before: null, after: 'HEALTH' },
      ]),
    );
    // occurredAt is the database's clock_timestamp(): compare with the database clock.
    expect(Math.abs(new Date(e.occurredAt).getTime() - (await hub.dbNow()).getTime())).toBeLessThan(60_000);
  });

  it('createAccount records the account fields but never the password', async () => {
    const agency = await makeAgency(hub.ds);
    const requestId = `req-${randomUUID()}`;
    const username = `aud-${randomUUID().slice(0, 8)}`;
    const r = await hub.gql(CREATE_ACCOUNT, { i: { username, displayName: 'Audit Person', password: 'long-enough-1', role: 'INSPECTOR', agencyId: agency.id } }, adminToken, { 'x-request-id': requestId });
    expect(r.errors).toBeUndefined();
    const id = r.data.createAccount.id;
    const ev = await hub.gql(EVENTS, { f: { entityType: 'Account', entityId: id } }, adminToken);
    const [e] = ev.data.auditEvents.nodes;
    expect(e).toMatchObject({ action: 'account.create', requestId, actor: { username: admin.username } });
    const byField = Object.fromEntries(e.changes.map((c: { field: string }) => [c.field, c]));
    expect(byField.username).toEqual({ field: 'username', before: null, after: username });
    expect(byField.role).toEqual({ field: 'role', before: null, after: 'INSPECTOR' });
    expect(byField.agencyId).toEqual({ field: 'agencyId', before: null, after: agency.id });
    expect(JSON.stringify(e)).not.toMatch(/long-enough-1|argon2|password/i);
  });

  it('a change records before and after of the changed field only', async () => {
    const victim = await makeAccount(hub.ds, 'INSPECTOR');
    const requestId = `req-${randomUUID()}`;
    const r = await hub.gql(`mutation($id: ID!) { setAccountActive(input: { accountId: $id, active: false }) { active } }`, { id: victim.id }, adminToken, { 'x-request-id': requestId });
    expect(r.data.setAccountActive.active).toBe(false);
    const ev = await hub.gql(EVENTS, { f: { entityType: 'Account', entityId: victim.id } }, adminToken);
    expect(ev.data.auditEvents.nodes).toHaveLength(1);
    expect(ev.data.auditEvents.nodes[0]).toMatchObject({ action: 'account.deactivate', requestId, changes: [{ field: 'active', before: true, after: false }] });
  });

  it('a mutation that fails writes no event', async () => {
    const existing = await makeAgency(hub.ds);
    const requestId = `req-${randomUUID()}`;
    const r = await hub.gql(CREATE_AGENCY, { i: { code: existing.code, name: 'dup', kind: 'HEALTH' } }, adminToken, { 'x-request-id': requestId });
    expectError(r, 'CONFLICT');
    const ev = await hub.gql(EVENTS, { f: { action: 'agency.create' }, first: 500 }, adminToken);
    expect(ev.data.auditEvents.nodes.filter((e: { requestId: string }) => e.requestId === requestId)).toEqual([]);
  });
});

describe('auditEvents', () => {
  it('lists newest first, pages with a cursor, and counts across pages', async () => {
    const actor = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(actor.username);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createAgency(hub, token));
    const f = { actorId: actor.id, action: 'agency.create' };
    const p1 = await hub.gql(EVENTS, { f, first: 2 }, adminToken);
    expect(p1.data.auditEvents.totalCount).toBe(5);
    expect(p1.data.auditEvents.pageInfo.hasNextPage).toBe(true);
    const p2 = await hub.gql(EVENTS, { f, first: 2, after: p1.data.auditEvents.pageInfo.endCursor }, adminToken);
    const p3 = await hub.gql(EVENTS, { f, first: 2, after: p2.data.auditEvents.pageInfo.endCursor }, adminToken);
    expect(p3.data.auditEvents.pageInfo.hasNextPage).toBe(false);
    const ids = [...p1.data.auditEvents.nodes, ...p2.data.auditEvents.nodes, ...p3.data.auditEvents.nodes].map((e: { entityId: string }) => e.entityId);
    expect(ids).toEqual(made.map((a) => a.id).reverse());
    expect(p2.data.auditEvents.totalCount).toBe(5);
  });

  it('filters by entity, actor, action and time', async () => {
    const actor = await makeAccount(hub.ds, 'ADMIN');
    const token = await hub.login(actor.username);
    const a = await createAgency(hub, token);
    const victim = await makeAccount(hub.ds, 'COMMAND');
    await hub.gql(`mutation($id: ID!) { setAccountActive(input: { accountId: $id, active: false }) { active } }`, { id: victim.id }, token);
    const all = await hub.gql(EVENTS, { f: { actorId: actor.id } }, adminToken);
    expect(all.data.auditEvents.nodes.map((e: { action: string }) => e.action)).toEqual(['account.deactivate', 'agency.create', 'account.login']);
    const byAction = await hub.gql(EVENTS, { f: { actorId: actor.id, action: 'agency.create' } }, adminToken);
    expect(byAction.data.auditEvents.nodes.map((e: { entityId: string }) => e.entityId)).toEqual([a.id]);
    const byType = await hub.gql(EVENTS, { f: { actorId: actor.id, entityType: 'Account' } }, adminToken);
    expect(byType.data.auditEvents.nodes.map((e: { entityId: string }) => e.entityId)).toEqual([victim.id, actor.id]); // deactivation, then the actor's own login
    const when = new Date(all.data.auditEvents.nodes[1].occurredAt);
    const window = await hub.gql(EVENTS, { f: { actorId: actor.id, action: 'agency.create', occurredBetween: { from: when.toISOString(), to: when.toISOString() } } }, adminToken);
    expect(window.data.auditEvents.nodes.map((e: { action: string }) => e.action)).toEqual(['agency.create']);
    const past = await hub.gql(EVENTS, { f: { actorId: actor.id, occurredBetween: { to: '2000-01-01T00:00:00Z' } } }, adminToken);
    expect(past.data.auditEvents.totalCount).toBe(0);
  });

  it('names the bad field of a bad filter or cursor', async () => {
    expect(expectError(await hub.gql(EVENTS, { f: { actorId: 'nope' } }, adminToken), 'BAD_USER_INPUT').extensions.field).toBe('filter.actorId');
    const backwards = { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
    expect(expectError(await hub.gql(EVENTS, { f: { occurredBetween: backwards } }, adminToken), 'BAD_USER_INPUT').extensions.field).toBe('filter.occurredBetween.from');
    expect(expectError(await hub.gql(EVENTS, { after: 'garbage' }, adminToken), 'BAD_USER_INPUT').extensions.field).toBe('after');
    expect(expectError(await hub.gql(EVENTS, { first: 100000 }, adminToken), 'BAD_USER_INPUT').extensions.field).toBe('first');
  });

  it('system events have no actor', async () => {
    await hub.ds.query(`INSERT INTO audit_event (action, entity_type, entity_id, actor_username) VALUES ('system.test', 'System', 'x', 'system')`);
    const r = await hub.gql(EVENTS, { f: { action: 'system.test' } }, adminToken);
    expect(r.data.auditEvents.nodes[0]).toMatchObject({ actor: null, actorUsername: 'system', actorRole: null, changes: [] });
  });

  it('runs the same number of SQL statements for 5 and for 50 events (no N+1)', async () => {
    const actors = await Promise.all([makeAccount(hub.ds, 'ADMIN'), makeAccount(hub.ds, 'COMMAND'), makeAccount(hub.ds, 'INSPECTOR')]);
    for (let i = 0; i < 50; i++) {
      const a = actors[i % 3];
      await hub.ds.query(`INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES ($1, $2, 'ADMIN', 'test.n1', 'Thing', $3, '{"x":{"before":1,"after":2}}')`, [a.id, a.username, `t${i}`]);
    }
    await hub.server.services.sealer.sealNow();
    const q = `query($n: Int) { auditEvents(filter: { action: "test.n1" }, first: $n) { totalCount nodes { id actor { username agency { code } } changes { field } sealed seq hash } } }`;
    const five = await hub.gql(q, { n: 5 }, adminToken);
    const fifty = await hub.gql(q, { n: 50 }, adminToken);
    expect(five.data.auditEvents.nodes).toHaveLength(5);
    expect(fifty.data.auditEvents.nodes).toHaveLength(50);
    expect(fifty.data.auditEvents.nodes.filter((e: { sealed: boolean; actor: unknown }) => !e.sealed || !e.actor)).toEqual([]);
    expect(five.sql).toBeGreaterThan(0);
    expect(fifty.sql).toBe(five.sql);
  });
});

describe('who may read the trail', () => {
  it.each(['INSPECTOR', 'COMMAND', 'FACILITY_MANAGER'] as const)('%s gets FORBIDDEN on auditEvents and verifyAuditChain', async (role) => {
    const acc = await makeAccount(hub.ds, role);
    const token = await hub.login(acc.username);
    const list = await hub.gql(EVENTS, {}, token);
    expectError(list, 'FORBIDDEN');
    expect(list.data).toBeNull();
    expectError(await hub.gql(VERIFY, {}, token), 'FORBIDDEN');
  });

  it('REVIEWER and ADMIN may; without a token it is UNAUTHENTICATED', async () => {
    const reviewer = await makeAccount(hub.ds, 'REVIEWER');
    const token = await hub.login(reviewer.username);
    expect((await hub.gql(EVENTS, { first: 1 }, token)).data.auditEvents.totalCount).toBeGreaterThan(0);
    expect((await hub.gql(VERIFY, {}, token)).data.verifyAuditChain.ok).toBe(true);
    expect((await hub.gql(VERIFY, {}, adminToken)).data.verifyAuditChain.ok).toBe(true);
    expectError(await hub.gql(EVENTS, {}), 'UNAUTHENTICATED');
    expectError(await hub.gql(VERIFY, {}), 'UNAUTHENTICATED');
  });
});

describe('append-only at the database level', () => {
  beforeAll(async () => {
    await createAgency(hub, adminToken);
    await hub.server.services.sealer.sealNow();
  });

  it.each([
    ['UPDATE audit_event SET action = $$forged$$', /append-only: UPDATE on audit_event/],
    ['DELETE FROM audit_event', /append-only: DELETE on audit_event/],
    // Plain TRUNCATE is stopped by the seal's foreign key before the trigger; CASCADE reaches the trigger.
    ['TRUNCATE audit_event', /append-only: TRUNCATE|referenced in a foreign key/],
    ['TRUNCATE audit_event CASCADE', /append-only: TRUNCATE/],
    ['UPDATE audit_seal SET hash = $$forged$$', /append-only: UPDATE on audit_seal/],
    ['DELETE FROM audit_seal', /append-only: DELETE on audit_seal/],
    ['TRUNCATE audit_seal', /append-only: TRUNCATE on audit_seal/],
  ])('the database rejects %s', async (sql, error) => {
    const before = await hub.ds.query(`SELECT (SELECT count(*) FROM audit_event)::int AS e, (SELECT count(*) FROM audit_seal)::int AS s`);
    expect(before[0].e).toBeGreaterThan(0);
    expect(before[0].s).toBeGreaterThan(0);
    await expect(hub.ds.query(sql)).rejects.toThrow(error);
    expect(await hub.ds.query(`SELECT (SELECT count(*) FROM audit_event)::int AS e, (SELECT count(*) FROM audit_seal)::int AS s`)).toEqual(before);
    expect((await hub.gql(VERIFY, {}, adminToken)).data.verifyAuditChain.ok).toBe(true);
  });
});

describe('the hash chain', () => {
  it('seals committed events in order and verifies', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 3; i++) await createAgency(h, token);
      const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(v).toMatchObject({ ok: true, sealedEvents: 4, unsealedEvents: 0, problems: [] });
      expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
      const ev = (await h.gql(EVENTS, {}, token)).data.auditEvents.nodes;
      expect(ev.map((e: { seq: string }) => e.seq)).toEqual(['4', '3', '2', '1']);
      expect(ev.every((e: { sealed: boolean; hash: string }) => e.sealed && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect(ev[0].hash).toBe(v.headHash);
    }));

  it('detects an event altered after sealing (triggers disabled by a superuser)', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 3; i++) await createAgency(h, token);
      expect((await h.gql(VERIFY, {}, token)).data.verifyAuditChain.ok).toBe(true);
      const [target] = await h.ds.query(`SELECT e.id::text AS id, s.seq::text AS seq FROM audit_event e JOIN audit_seal s ON s.event_id = e.id WHERE s.seq = 2`);
      await h.ds.transaction(async (em) => {
        await em.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
        await em.query(`UPDATE audit_event SET changes = '{"name":{"before":null,"after":"forged"}}' WHERE id = $1`, [target.id]);
        await em.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
      });
      const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([{ seq: '2', eventId: target.id, problem: expect.stringMatching(/altered/) }]);
    }));

  it('detects a removed seal', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 4; i++) await createAgency(h, token);
      expect((await h.gql(VERIFY, {}, token)).data.verifyAuditChain.ok).toBe(true);
      await h.ds.transaction(async (em) => {
        await em.query(`SET LOCAL session_replication_role = replica`);
        await em.query(`DELETE FROM audit_seal WHERE seq = 2`);
      });
      const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(v.ok).toBe(false);
      expect(v.problems[0]).toEqual({ seq: '2', eventId: null, problem: expect.stringMatching(/seal 2 has been removed/) });
      expect(v.problems.map((p: { seq: string }) => p.seq)).toContain('3');
    }));

  it('detects a removed event', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 3; i++) await createAgency(h, token);
      expect((await h.gql(VERIFY, {}, token)).data.verifyAuditChain.ok).toBe(true);
      const [target] = await h.ds.query(`SELECT event_id::text AS id FROM audit_seal WHERE seq = 1`);
      await h.ds.transaction(async (em) => {
        await em.query(`SET LOCAL session_replication_role = replica`);
        await em.query(`DELETE FROM audit_event WHERE id = $1`, [target.id]);
      });
      const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([{ seq: '1', eventId: target.id, problem: expect.stringMatching(/removed/) }]);
    }));
});

describe('the hash chain: seals and its limits', () => {
  it('detects a seal whose hash was rewritten', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 3; i++) await createAgency(h, token);
      expect((await h.gql(VERIFY, {}, token)).data.verifyAuditChain.ok).toBe(true);
      await h.ds.transaction(async (em) => {
        await em.query('ALTER TABLE audit_seal DISABLE TRIGGER USER');
        await em.query(`UPDATE audit_seal SET hash = repeat('f', 64) WHERE seq = 2`);
        await em.query('ALTER TABLE audit_seal ENABLE TRIGGER USER');
      });
      const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(v.ok).toBe(false);
      expect(v.problems.map((p: { seq: string }) => p.seq)).toEqual(['2', '3']);
    }));

  it('does not by itself detect the newest events cut off with their seals: compare headHash with a copy kept elsewhere', () =>
    withOwnHub(async (h, token) => {
      for (let i = 0; i < 3; i++) await createAgency(h, token);
      const before = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      await h.ds.transaction(async (em) => {
        await em.query('SET LOCAL session_replication_role = replica');
        const [last] = await em.query('SELECT seq, event_id FROM audit_seal ORDER BY seq DESC LIMIT 1');
        await em.query('DELETE FROM audit_seal WHERE seq = $1', [last.seq]);
        await em.query('DELETE FROM audit_event WHERE id = $1', [last.event_id]);
      });
      const after = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
      expect(after).toMatchObject({ ok: true, sealedEvents: before.sealedEvents - 1 });
      expect(after.headHash).not.toBe(before.headHash);
    }));
});

describe('no global lock', () => {
  it('a mutation completes while another transaction holding an audit event is open; both are sealed after commit', () =>
    withOwnHub(async (h, token) => {
      const { held, commit, release } = await heldAuditEvent(h, 'held');
      try {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the mutation waited on the open transaction')), 10_000)));
        const agency = (await Promise.race([createAgency(h, token), timeout]).finally(() => clearTimeout(timer))) as { id: string };
        // The sealer does not wait for the open transaction either: it seals what has committed.
        await h.server.services.sealer.sealNow();
        const mid = (await h.gql(EVENTS, {}, token)).data.auditEvents.nodes;
        expect(mid.map((e: { entityId: string; sealed: boolean }) => [e.entityId, e.sealed])).toEqual([
          [agency.id, true],
          [expect.any(String), true], // the login
        ]);
        await commit();
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, sealedEvents: 3, unsealedEvents: 0 });
        const after = (await h.gql(EVENTS, { f: { entityType: 'Thing' } }, token)).data.auditEvents.nodes;
        const agencyEvent = (await h.gql(EVENTS, { f: { entityId: agency.id } }, token)).data.auditEvents.nodes[0];
        // The held event got its id first but committed last, so it joined the chain last.
        expect(after.map((e: { id: string; seq: string }) => [e.id, e.seq])).toEqual([[held.id, '3']]);
        expect(agencyEvent.seq).toBe('2');
        expect(BigInt(held.id)).toBeLessThan(BigInt(agencyEvent.id));
      } finally {
        await release();
      }
    }));

  it('a run that looks back (not a sweep) seals an event committed out of id order; one that looks only above the head does not', () =>
    withOwnHub(async (h, token) => {
      await h.server.services.sealer.stop(); // seals what there is, then runs no more: the runs below are the test's
      const { held, commit, release } = await heldAuditEvent(h, 'held-2');
      try {
        await createAgency(h, token);
        // Sealed above the held event's id while it is uncommitted (a sweep of its own, statement named or not).
        expect(await sealPending(h.ds, true, true)).toBeGreaterThan(0);
        await commit();
        expect(await sealPending(h.ds, 'head', true)).toBe(0); // only above the head: not found
        expect(await sealPending(h.ds, false, true)).toBe(1); // 10,000 events back: found
        expect(await sealPending(h.ds, false, false)).toBe(0);
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
        expect((await h.ds.query(`SELECT count(*)::int AS n FROM audit_seal WHERE event_id = $1`, [held.id]))[0].n).toBe(1);
      } finally {
        await release();
      }
    }));

  it('a look-back finds events in its window by the ids no seal names: a rolled-back id, two late events among sealed ones, the events above the head, each sealed once and in id order', () =>
    withOwnHub(async (h, token) => {
      await h.server.services.sealer.stop(); // the runs below are the test's
      const rolledBack = await heldAuditEvent(h, 'rolled-back'); // its id is a gap that never fills
      const late1 = await heldAuditEvent(h, 'late-1');
      const late2 = await heldAuditEvent(h, 'late-2');
      try {
        await createAgency(h, token);
        expect(await sealPending(h.ds, true, true)).toBeGreaterThan(0); // seals above the held ids
        await rolledBack.release();
        await late2.commit();
        await late1.commit();
        const above = await createAgency(h, token); // committed in order, above the head
        // Head-only: the agency's event (above the head) only; the late ones stay for a look-back.
        expect(await sealPending(h.ds, 'head', true)).toBe(1);
        expect(await sealPending(h.ds, false, true)).toBe(2); // the two late events; the rolled-back id is nothing
        expect(await sealPending(h.ds, false, true)).toBe(0);
        expect(await sealPending(h.ds, false, false)).toBe(0);
        const seals: { event_id: string }[] = await h.ds.query(`SELECT event_id::text FROM audit_seal ORDER BY seq DESC LIMIT 2`);
        expect(seals.map((r) => r.event_id)).toEqual([late2.held.id, late1.held.id]); // in id order within the run
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
        const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM audit_seal WHERE event_id IN (SELECT id FROM audit_event WHERE entity_id = ANY($1))`, [['late-1', 'late-2', above.id]]);
        expect(n).toBe(3);
      } finally {
        await late1.release();
        await late2.release();
      }
    }));

  it('a look-back finds an event committed late at the very bottom of its window (10,000 events below the head)', () =>
    withOwnHub(async (h, token) => {
      await h.server.services.sealer.stop(); // the runs below are the test's
      const bottom = await heldAuditEvent(h, 'bottom');
      try {
        // 9,999 more, committed in id order (one statement): with them the head is 9,999 above the held id,
        // so the window a look-back searches, (head - 10,000, head], starts at the held id.
        await h.ds.query(
          `INSERT INTO audit_event (action, entity_type, entity_id, actor_username) SELECT 'test.filler', 'Thing', 'filler-' || g, 'system' FROM generate_series(1, 9999) AS g ORDER BY g`,
        );
        while ((await sealPending(h.ds, true, true)) > 0);
        const [head] = await h.ds.query(`SELECT event_id::text AS id FROM audit_seal ORDER BY seq DESC LIMIT 1`);
        expect(BigInt(head.id) - BigInt(bottom.held.id)).toBe(9999n);
        await bottom.commit();
        expect(await sealPending(h.ds, 'head', true)).toBe(0);
        expect(await sealPending(h.ds, false, true)).toBe(1);
        expect((await h.ds.query(`SELECT count(*)::int AS n FROM audit_seal WHERE event_id = $1`, [bottom.held.id]))[0].n).toBe(1);
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
      } finally {
        await bottom.release();
      }
    }));
});

describe("the sealer's plans", () => {
  it('seal by index even when they were made while the trail was a few events long (autovacuum off, or before its first ANALYZE)', () =>
    withOwnHub(async (h) => {
      await h.server.services.sealer.stop(); // the runs below are the test's
      // One connection, so that the plans the runs make are kept and used again, as on a pooled connection.
      const ds = makeDataSource({ url: h.dbUrl, poolSize: 1 });
      await ds.initialize();
      try {
        const event = (n: number | string) => ds.query(`INSERT INTO audit_event (action, entity_type, entity_id, actor_username) VALUES ('test.plan', 'Thing', $1, 'system')`, [`plan-${n}`]);
        await ds.query('ANALYZE audit_event, audit_seal'); // the statistics of a trail a few events long
        // Seven runs of one event each: PostgreSQL keeps a statement's generic plan from its sixth execution.
        for (let n = 0; n < 7; n++) {
          await event(n);
          expect(await sealPending(ds, false, true)).toBe(1);
        }
        await ds.query(
          `INSERT INTO audit_event (action, entity_type, entity_id, actor_username) SELECT 'test.filler', 'Thing', 'filler-' || g, 'system' FROM generate_series(1, 3000) AS g ORDER BY g`,
        );
        // This connection's counts, flushed when it goes idle after the first statement.
        const scans = async () => {
          await ds.query('SELECT pg_stat_force_next_flush()');
          const [r] = await ds.query(`SELECT seq_scan::int AS seq, idx_scan::int AS idx FROM pg_stat_user_tables WHERE relname = 'audit_event'`);
          return r as { seq: number; idx: number };
        };
        const before = await scans();
        let sealed = 0;
        for (let n = 0; n < 8; n++) {
          await event(`late-${n}`);
          sealed += await sealPending(ds, false, true);
        }
        expect(sealed).toBe(3_008);
        const after = await scans();
        expect(after.idx).toBeGreaterThan(before.idx + 3_000); // the key checks of the seals, counted
        expect(after.seq).toBe(before.seq);
      } finally {
        await ds.destroy();
      }
    }));
});

describe("the periodic sweep's floor", () => {
  /** A sealer of the test's own on the hub's database (the hub's is stopped), without the margin that covers a writer between its event's id and its transaction id. */
  async function ownSealer(h: TestHub) {
    await h.server.services.sealer.stop();
    return makeAuditSealer({ ds: h.ds, log: pino({ level: 'silent' }), prepared: true, sweepMarginMs: 0 });
  }
  const maxEventId = async (h: TestHub) => BigInt((await h.ds.query(`SELECT max(id)::text AS id FROM audit_event`))[0].id);
  /**
   * Sweeps (after `step`, if given) until the floor is above `above`, at most 200 times. The floor
   * rises only past a snapshot whose xmax a later sweep's xmin has passed, and xmin is the whole
   * cluster's: a transaction of another test file, in another database, holds it back while it
   * runs. Three sweeps in a row were enough on a quiet machine, not beside a busy one.
   */
  async function sweepUntilAbove(sealer: ReturnType<typeof makeAuditSealer>, above: bigint, step?: () => Promise<unknown>) {
    for (let n = 0; n < 200 && BigInt(sealer.sweepFloor()) <= above; n++) {
      await step?.();
      await sealer.sealNow();
    }
    return BigInt(sealer.sweepFloor());
  }

  it('rises to the newest event a completed sweep covered, and a sweep from it still seals what was committed above it', () =>
    withOwnHub(async (h, token) => {
      const sealer = await ownSealer(h);
      try {
        // The floor's argument needs ids given in order across connections: no sequence cache.
        expect((await h.ds.query(`SELECT seqcache::int AS n FROM pg_sequence WHERE seqrelid = 'audit_event_id_seq'::regclass`))[0].n).toBe(1);
        expect(sealer.sweepFloor()).toBe('0');
        const floor = await sweepUntilAbove(sealer, 0n, () => createAgency(h, token));
        expect(floor).toBeGreaterThan(0n);
        expect(floor).toBeLessThanOrEqual(await maxEventId(h));
        await createAgency(h, token);
        await sealer.sealNow();
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
        // Below the floor the sweep does not look: a seal removed there (triggers off, as a
        // superuser could) is not made again by it; a sweep from the first event would.
        await h.ds.transaction(async (em) => {
          await em.query(`SET LOCAL session_replication_role = replica`);
          await em.query(`DELETE FROM audit_seal WHERE event_id = (SELECT max(event_id) FROM audit_seal WHERE event_id <= $1)`, [floor.toString()]);
        });
        expect(await sealer.sealNow()).toBe(0);
        expect(await sealPending(h.ds, true, true)).toBe(1);
        // Kept in the database as it rose (migration AuditSweepFloor).
        expect((await h.ds.query(`SELECT event_id::text AS id FROM audit_sweep_floor`))[0].id).toBe(sealer.sweepFloor());
      } finally {
        await sealer.stop();
      }
    }));

  it('a process started later sweeps from the floor kept in the database, not from the first event', () =>
    withOwnHub(async (h, token) => {
      const first = await ownSealer(h);
      const floor = (await sweepUntilAbove(first, 0n, () => createAgency(h, token))).toString();
      expect(BigInt(floor)).toBeGreaterThan(0n);
      await first.stop();
      // The first event's seal removed (triggers off, as a superuser could): a sweep from the
      // first event would make it again, one from the floor does not look there.
      await h.ds.transaction(async (em) => {
        await em.query(`SET LOCAL session_replication_role = replica`);
        await em.query(`DELETE FROM audit_seal WHERE event_id = (SELECT min(event_id) FROM audit_seal)`);
      });
      await createAgency(h, token); // and an event above it, which the later process's sweep seals
      const later = makeAuditSealer({ ds: h.ds, log: pino({ level: 'silent' }), prepared: true, sweepMarginMs: 0 });
      try {
        expect(await later.sealNow()).toBe(1);
        expect(BigInt(later.sweepFloor())).toBeGreaterThanOrEqual(BigInt(floor));
        expect(await sealPending(h.ds, true, true)).toBe(1);
      } finally {
        await later.stop();
      }
    }));

  it('stays below an event whose transaction is still open, so the sweep after its commit seals it (10,000 events below the head, out of the look-back)', () =>
    withOwnHub(async (h, token) => {
      const sealer = await ownSealer(h);
      const held = await heldAuditEvent(h, 'held-across-sweeps');
      try {
        await h.ds.query(
          `INSERT INTO audit_event (action, entity_type, entity_id, actor_username) SELECT 'test.filler', 'Thing', 'filler-' || g, 'system' FROM generate_series(1, 10001) AS g ORDER BY g`,
        );
        for (let n = 0; n < 4; n++) {
          await sealer.sealNow();
          expect(BigInt(sealer.sweepFloor())).toBeLessThan(BigInt(held.held.id));
        }
        await held.commit();
        // The runs after commits look at most 10,000 events below the head: not at it.
        expect(await sealPending(h.ds, false, true)).toBe(0);
        expect(await sealer.sealNow()).toBe(1);
        expect((await h.ds.query(`SELECT count(*)::int AS n FROM audit_seal WHERE event_id = $1`, [held.held.id]))[0].n).toBe(1);
        expect(await sweepUntilAbove(sealer, BigInt(held.held.id))).toBeGreaterThan(BigInt(held.held.id));
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
      } finally {
        await held.release();
        await sealer.stop();
      }
    }));

  it('seals up to the newest event there was when it began, not the events committed while it runs (it does not chase a stream of writes)', () =>
    withOwnHub(async (h, token) => {
      const sealer = await ownSealer(h);
      await sealer.sealNow(); // its start-up sweep, before the stream below is set up
      // A stream of writes, made certain: each batch of seals the sweep writes commits 600 new
      // events with it (more than a batch), for the first eight batches.
      await h.ds.query(`CREATE TABLE test_stream (n int NOT NULL)`);
      await h.ds.query(`INSERT INTO test_stream VALUES (0)`);
      await h.ds.query(`CREATE FUNCTION test_stream() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE test_stream SET n = n + 1 WHERE n < 8;
          IF FOUND THEN
            INSERT INTO audit_event (action, entity_type, entity_id, actor_username)
              SELECT 'test.stream', 'Thing', 'stream-' || g, 'system' FROM generate_series(1, 600) AS g ORDER BY g;
          END IF;
          RETURN NULL;
        END $$`);
      await h.ds.query(`CREATE TRIGGER test_stream AFTER INSERT ON audit_seal FOR EACH STATEMENT EXECUTE FUNCTION test_stream()`);
      try {
        await createAgency(h, token);
        await h.ds.query(
          `INSERT INTO audit_event (action, entity_type, entity_id, actor_username) SELECT 'test.filler', 'Thing', 'filler-' || g, 'system' FROM generate_series(1, 1100) AS g ORDER BY g`,
        );
        const began = await maxEventId(h);
        const unsealed = `SELECT count(*)::int AS n, min(e.id)::text AS lowest FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = e.id)`;
        const [before] = await h.ds.query(unsealed);
        // Every event up to \`began\` is sealed, in three batches (500, 500, the rest); the 1,800
        // events their seals brought are left to the runs after commits.
        expect(await sealer.sealNow()).toBe(before.n);
        const [after] = await h.ds.query(unsealed);
        expect(after.n).toBe(1800);
        expect(BigInt(after.lowest)).toBeGreaterThan(began);
        // A run that looks above the head seals them, and the stream's other five batches its own seals bring.
        expect(await sealPending(h.ds, 'head', true)).toBe(1800 + 5 * 600);
        const v = (await h.gql(VERIFY, {}, token)).data.verifyAuditChain;
        expect(v).toMatchObject({ ok: true, unsealedEvents: 0 });
      } finally {
        await sealer.stop();
        await h.ds.query(`DROP TRIGGER test_stream ON audit_seal`);
        await h.ds.query(`DROP FUNCTION test_stream()`);
        await h.ds.query(`DROP TABLE test_stream`);
      }
    }));
});
