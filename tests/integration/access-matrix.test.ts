import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../helpers/harness';
import { untilMarked, writeMarkers } from '../helpers/feed';
import { ASSIGN, disputeWorld, ITEMS, LODGE } from '../fixtures/disputes';
import { bindManager, makeSite } from '../fixtures/factory';
import { insertHubEvents, type HubEventKind } from '../../src/common/outbox';
import type { Role } from '../../src/context';
import { tinyPng as png } from '../fixtures/samples';

/*
 * The access policy (src/common/access.ts) through the real API: every role × every kind of
 * record × a record of the actor's own site / team / agency / assignment ("own") and one of
 * another ("foreign"). Each cell is what the actor gets:
 *   Y  the record (a single read returns it, a list contains it, a download is 200);
 *   N  NOT_FOUND: it does not exist for the actor — a single read answers null, a list leaves it
 *      out, a site-taking query or a mutation answers NOT_FOUND, a download 404, the feed does
 *      not deliver it — exactly as for a record that does not exist (existence is not leaked);
 *   F  FORBIDDEN: the actor's role may not do this at all (HTTP 403).
 * A row with one cell per role is about records without a site (the same for every record).
 *
 * The cast: site A (the hotel) and site B (another hotel), each with its facility manager and a
 * registered staff member; the INSPECTOR is the lead of the team that inspected A (another team
 * inspected B); the REVIEWER is assigned A's dispute (another reviewer B's); the inspector's
 * agency has A's verification task (another agency B's).
 */

type Cell = 'Y' | 'N' | 'F';
const Y = 'Y';
const N = 'N';
const F = 'F';
const ROLES: Role[] = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'];

// Reads. Per role: [own, foreign], or [any] for records without a site.
const READ: Record<string, Cell[][]> = {
  //                                ADMIN   COMMAND  INSPECTOR  MANAGER  STAFF   REVIEWER
  'site: site(id)':                 [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [Y, N], [Y, Y]],
  'inspection: inspection(id)':     [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'finding: findings':              [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'rectification: findings':        [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'dispute: dispute(id)':           [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'disinfection entry: log':        [[Y, Y], [Y, Y],  [Y, N],    [Y, N],  [Y, N], [Y, Y]],
  'disinfection: sitesInBreach':    [[Y, Y], [Y, Y],  [Y, N],    [Y, N],  [Y, N], [Y, Y]],
  'attachment: finding photo':      [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [N, N], [Y, Y]],
  'attachment: rectification PDF':  [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [N, N], [Y, Y]],
  'attachment: disinfection photo': [[Y, Y], [Y, Y],  [Y, N],    [Y, N],  [Y, N], [Y, Y]],
  'checklist: checklistVersion':    [[Y],    [Y],     [Y],       [Y],     [F],    [Y]],
  'account: accounts':              [[Y],    [Y],     [F],       [F],     [F],    [Y]],
  'account: siteStaff(siteId)':     [[Y, Y], [Y, Y],  [F, F],    [Y, N],  [F, F], [Y, Y]],
  'checkpoint tally: tallies':      [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'verification task: task(id)':    [[Y, Y], [Y, Y],  [Y, N],    [F, F],  [F, F], [Y, Y]],
  'supply: supplies(siteId)':       [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'field operation: list':          [[Y],    [Y],     [F],       [F],     [F],    [Y]],
  'audit: auditEvents':             [[Y],    [F],     [F],       [F],     [F],    [Y]],
  'report: report':                 [[Y],    [Y],     [F],       [F],     [F],    [Y]],
  'report: GET report.csv':         [[Y],    [Y],     [F],       [F],     [F],    [Y]],
  'report: GET findings.csv':       [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [F, F], [Y, Y]],
  'feed: finding event':            [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [N, N], [Y, Y]],
  'feed: dispute event':            [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [N, N], [Y, Y]],
  'feed: disinfection event':       [[Y, Y], [Y, Y],  [Y, N],    [Y, N],  [Y, N], [Y, Y]],
  'feed: checkpoint event':         [[Y, Y], [Y, Y],  [Y, Y],    [Y, N],  [N, N], [Y, Y]],
};

// Writes. Each probe stops right after the access check — at a CONFLICT (a stale version, an entry
// already corrected, a dispute already open, a taken username, a shift already filed), at an
// INVALID_TRANSITION (answers to an inspection already submitted), or with nothing to do (a staff
// member already active) — so Y = let through, and nothing changes. Only comments are written.
const WRITE: Record<string, Cell[][]> = {
  //                                   ADMIN   COMMAND  INSPECTOR  MANAGER  STAFF   REVIEWER
  'site: updateSite':                  [[Y, Y], [Y, Y],  [F, F],    [Y, N],  [F, F], [F, F]],
  'inspection: saveInspectionAnswers': [[F, F], [F, F],  [Y, F],    [F, F],  [F, F], [F, F]],
  'rectification: submit':             [[F, F], [F, F],  [F, F],    [Y, N],  [F, F], [F, F]],
  'dispute: lodgeDispute':             [[F, F], [F, F],  [F, F],    [Y, N],  [F, F], [F, F]],
  'dispute: commentOnDispute':         [[F, F], [Y, Y],  [Y, F],    [Y, N],  [F, F], [Y, F]],
  'dispute: resolveDispute':           [[F, F], [F, F],  [F, F],    [F, F],  [F, F], [Y, F]],
  'disinfection: correct (staff’s)':   [[F, F], [F, F],  [F, F],    [Y, N],  [Y, N], [F, F]],
  'disinfection: correct (manager’s)': [[F, F], [F, F],  [F, F],    [Y, N],  [F, N], [F, F]],
  'account: registerSiteStaff':        [[Y, Y], [F, F],  [F, F],    [Y, N],  [F, F], [F, F]],
  'account: reactivateSiteStaff':      [[Y, Y], [F, F],  [F, F],    [Y, N],  [F, F], [F, F]],
  'checkpoint tally: file':            [[F, F], [Y, Y],  [Y, Y],    [F, F],  [F, F], [F, F]],
  'verification: answer task':         [[F, F], [Y, Y],  [Y, N],    [F, F],  [F, F], [F, F]],
};

let hub: TestHub;
const clients: Client[] = [];
beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = new Date('2026-11-20T08:00:00Z');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await hub.stop();
});

const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${tag}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');

async function upload(body: Buffer, type: string, token: string): Promise<string> {
  const res = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Runs a mutation the setup needs; fails loudly if it does not go through. */
async function must(query: string, i: Record<string, unknown>, token: string) {
  const r = await hub.gql(query, { i }, token);
  if (r.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.errors)}`);
  return Object.values(r.data)[0] as any;
}

/** What one site holds: the records "own" or "foreign" point at. */
interface SiteWorld {
  siteId: string;
  inspectionId: string;
  findingId: string;
  rectificationId: string;
  disputeId: string;
  disputeVersion: number;
  entryId: string;
  managerEntryId: string;
  findingPhoto: string;
  rectificationPdf: string;
  disinfectionPhoto: string;
  staffId: string;
  staffUsername: string;
  disputedFindingId: string;
  checkpointId: string;
  tallyId: string;
  taskId: string;
}

let tokens: Record<Role, string>;
let sites: { own: SiteWorld; foreign: SiteWorld };
let checklistVersionId: string;
let operationId: string;
/** Thirty days after the sites were registered (the database stamps created_at): both are in breach then, their areas long undisinfected (a new site's first interval starts at its registration). */
let breachAt: string;

const RECORD_ENTRY = `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`;
const CORRECT_ENTRY = `mutation($i: CorrectDisinfectionInput!) { correctDisinfection(input: $i) { id } }`;
const entry = (siteId: string, evidenceIds: string[] = []) => ({
  siteId,
  idempotencyKey: randomUUID(),
  area: 'LOBBY',
  agent: 'CHLORINE',
  concentration: 500,
  concentrationUnit: 'MG_PER_L',
  method: 'SPRAY',
  startedAt: new Date(hub.clock.now.getTime() - 2 * 3_600_000).toISOString(),
  durationMinutes: 30,
  evidenceIds,
});
/** A day shift's tally at the checkpoint; another `vehicles` for the same shift is CONFLICT (a correction is needed). */
const tallyInput = (checkpointId: string, vehicles: number) => ({
  idempotencyKey: randomUUID(),
  checkpointId,
  shiftDate: '2026-11-19',
  shift: 'DAY',
  vehiclesChecked: vehicles,
  personsScreened: 20,
  vehiclesTurnedBack: 0,
  personsTurnedBack: 0,
  certificatesVerified: 1,
  samplesTaken: 0,
  officersOnDuty: [
    { name: '李科长', isLeader: true },
    { name: '王科长', isLeader: true },
  ],
});
const correction = (correctsId: string) => {
  const { siteId: _s, ...fields } = entry('');
  return { ...fields, correctsId, reason: '浓度记错', durationMinutes: 40 };
};

beforeAll(async () => {
  const w = await disputeWorld(hub);
  const now = hub.clock.now;

  /** Files an inspection at `siteId` for `teamId`, failing C1 (with a photo) and M1; registers a staff member; the rest. */
  async function siteWorld(siteId: string, managerToken: string, teamId: string, inspectorToken: string, reviewerId: string, unitId: string): Promise<SiteWorld> {
    const staffName = `staff-${randomUUID().slice(0, 8)}`;
    const staff = await must(`mutation($i: RegisterSiteStaffInput!) { registerSiteStaff(input: $i) { id } }`, { siteId, username: staffName, displayName: '保洁员', password: TEST_PASSWORD }, managerToken);
    const staffToken = await hub.login(staffName);

    const findingPhoto = await upload(png(`finding-${siteId}`), 'image/png', inspectorToken);
    const filed = await must(
      `mutation($i: FileInspectionInput!) { fileInspection(input: $i) { id findings { id itemCode } } }`,
      {
        idempotencyKey: randomUUID(),
        siteId,
        teamId,
        checklistVersionId: w.checklist.versionId,
        startedAt: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
        submittedAt: new Date(now.getTime() - 2 * 3_600_000).toISOString(),
        answers: ITEMS.map((it) => ({ itemCode: it.code, yes: !['C1', 'M1'].includes(it.code), ...(it.code === 'C1' ? { evidenceIds: [findingPhoto] } : {}) })),
      },
      inspectorToken,
    );
    const byItem = Object.fromEntries(filed.findings.map((f: { itemCode: string; id: string }) => [f.itemCode, f.id]));

    const rectificationPdf = await upload(pdf(`rectified-${siteId}`), 'application/pdf', managerToken);
    const rect = await must(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { idempotencyKey: randomUUID(), findingId: byItem.C1, description: '已整改', evidenceIds: [rectificationPdf] }, managerToken);

    const lodged = await must(LODGE, { idempotencyKey: randomUUID(), findingId: byItem.M1, reason: '该项当时已整改到位' }, managerToken);
    const assigned = await must(ASSIGN, { id: lodged.id, version: lodged.version, reviewerId }, w.tokens.command);

    const disinfectionPhoto = await upload(png(`disinfection-${siteId}`), 'image/png', staffToken);
    const e = await must(RECORD_ENTRY, entry(siteId, [disinfectionPhoto]), staffToken);
    await must(CORRECT_ENTRY, correction(e.id), staffToken); // so a further correction of e is CONFLICT
    const m = await must(RECORD_ENTRY, entry(siteId), managerToken);
    await must(CORRECT_ENTRY, correction(m.id), managerToken);

    const checkpoint = await makeSite(hub.ds, { kind: 'CHECKPOINT', name: `卡口 ${randomUUID().slice(0, 6)}`, roadType: 'HIGHWAY_EXIT', roadName: 'G85' });
    const managerId = (await hub.gql(`{ me { id } }`, {}, managerToken)).data.me.id;
    await bindManager(hub.ds, checkpoint.id, managerId);
    const tally = await must(`mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`, tallyInput(checkpoint.id, 10), w.tokens.lead);

    const imported = await must(
      `mutation($i: ImportVerificationRecordsInput!) { importVerificationRecords(input: $i) { id } }`,
      { idempotencyKey: randomUUID(), batchRef: `B-${randomUUID().slice(0, 6)}`, records: [{ externalRef: `XC-${randomUUID().slice(0, 8)}`, personName: '人员', idNumberMasked: '610330********1234', reason: '途经中风险地区', needsVerification: true }] },
      w.tokens.command,
    );
    const task = (await hub.gql(`query($f: VerificationTaskFilter) { verificationTasks(filter: $f) { nodes { id version } } }`, { f: { batchId: imported.id } }, w.tokens.command)).data.verificationTasks.nodes[0];
    await must(`mutation($i: RouteVerificationTaskInput!) { routeVerificationTask(input: $i) { id } }`, { id: task.id, version: task.version, unitId }, w.tokens.command);

    return {
      siteId,
      inspectionId: filed.id,
      findingId: byItem.C1,
      rectificationId: rect.id,
      disputeId: assigned.id,
      disputeVersion: assigned.version,
      entryId: e.id,
      managerEntryId: m.id,
      findingPhoto,
      rectificationPdf,
      disinfectionPhoto,
      staffId: staff.id,
      staffUsername: staffName,
      disputedFindingId: byItem.M1,
      checkpointId: checkpoint.id,
      tallyId: tally.id,
      taskId: task.id,
      _staffToken: staffToken,
    } as SiteWorld & { _staffToken: string };
  }

  const own = (await siteWorld(w.hotel.id, w.tokens.hotelManager, w.team.id, w.tokens.lead, w.reviewer.id, w.police.id)) as SiteWorld & { _staffToken: string };
  const foreign = await siteWorld(w.otherHotel.id, w.tokens.otherManager, w.otherTeam.id, w.tokens.outsider, w.reviewer2.id, w.market.id);
  sites = { own, foreign };
  checklistVersionId = w.checklist.versionId;
  operationId = (await must(`mutation($i: RecordFieldOperationInput!) { recordFieldOperation(input: $i) { id } }`, { idempotencyKey: randomUUID(), kind: 'POLICE_DEPLOYMENT', occurredAt: new Date(now.getTime() - 3_600_000).toISOString(), description: '卡口增派警力', officersDeployed: 6 }, w.tokens.command)).id;
  breachAt = new Date((await hub.dbNow()).getTime() + 30 * 86_400_000).toISOString();
  tokens = { ADMIN: w.tokens.admin, COMMAND: w.tokens.command, INSPECTOR: w.tokens.lead, FACILITY_MANAGER: w.tokens.hotelManager, FACILITY_STAFF: own._staffToken, REVIEWER: w.tokens.reviewer };
}, 120_000);

/** A GraphQL read: its error code (FORBIDDEN → F, NOT_FOUND → N), else whether `found` sees the record. */
async function read(query: string, variables: Record<string, unknown>, token: string, found: (data: any) => boolean): Promise<string> {
  const r = await hub.gql(query, variables, token);
  if (r.errors?.length) return code(r.errors[0].extensions.code);
  return found(r.data) ? Y : N;
}
/** A write probe: let through (stopped after the access check by `past`, or done) → Y. */
async function write(query: string, i: Record<string, unknown>, token: string, past = 'CONFLICT'): Promise<string> {
  const r = await hub.gql(query, { i }, token);
  if (!r.errors?.length) return Y;
  return r.errors[0].extensions.code === past ? Y : code(r.errors[0].extensions.code);
}
const code = (c: string) => (c === 'FORBIDDEN' ? F : c === 'NOT_FOUND' ? N : c);
async function http(path: string, token: string, found: (body: string) => boolean = () => true): Promise<string> {
  const res = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (res.status === 403) return F;
  if (res.status === 404) return N;
  if (res.status !== 200) return `HTTP ${res.status}`;
  return found(body) ? Y : N;
}
const ids = (list: { id: string }[] | undefined) => (list ?? []).map((x) => x.id);

type Probe = (s: SiteWorld, token: string) => Promise<string>;
type GlobalProbe = (token: string) => Promise<string>;

const READ_PROBES: Record<string, Probe | GlobalProbe> = {
  'site: site(id)': (s, t) => read(`query($id: ID!) { site(id: $id) { id } }`, { id: s.siteId }, t, (d) => d.site?.id === s.siteId),
  'inspection: inspection(id)': (s, t) => read(`query($id: ID!) { inspection(id: $id) { id } }`, { id: s.inspectionId }, t, (d) => d.inspection?.id === s.inspectionId),
  'finding: findings': (s, t) => read(`query($i: [ID!]) { findings(filter: { inspectionIds: $i }) { nodes { id } } }`, { i: [s.inspectionId] }, t, (d) => ids(d.findings.nodes).includes(s.findingId)),
  'rectification: findings': (s, t) =>
    read(`query($i: [ID!]) { findings(filter: { inspectionIds: $i }) { nodes { rectifications { id } } } }`, { i: [s.inspectionId] }, t, (d) => d.findings.nodes.some((f: { rectifications: { id: string }[] }) => ids(f.rectifications).includes(s.rectificationId))),
  'dispute: dispute(id)': (s, t) => read(`query($id: ID!) { dispute(id: $id) { id } }`, { id: s.disputeId }, t, (d) => d.dispute?.id === s.disputeId),
  'disinfection entry: log': (s, t) => read(`query($s: ID!) { disinfectionLog(siteId: $s, includeSuperseded: true) { nodes { id } } }`, { s: s.siteId }, t, (d) => ids(d.disinfectionLog.nodes).includes(s.entryId)),
  'disinfection: sitesInBreach': (s, t) => read(`query($s: [ID!], $at: DateTime) { sitesInBreach(siteIds: $s, at: $at) { site { id } } }`, { s: [sites.own.siteId, sites.foreign.siteId], at: breachAt }, t, (d) => d.sitesInBreach.some((b: { site: { id: string } }) => b.site.id === s.siteId)),
  'attachment: finding photo': (s, t) => http(`/attachments/${s.findingPhoto}`, t),
  'attachment: rectification PDF': (s, t) => http(`/attachments/${s.rectificationPdf}`, t),
  'attachment: disinfection photo': (s, t) => http(`/attachments/${s.disinfectionPhoto}`, t),
  'checklist: checklistVersion': (t: string) => read(`query($id: ID!) { checklistVersion(id: $id) { id } }`, { id: checklistVersionId }, t, (d) => d.checklistVersion?.id === checklistVersionId),
  'account: accounts': (t: string) => read(`{ accounts(role: FACILITY_STAFF) { id } }`, {}, t, (d) => ids(d.accounts).includes(sites.own.staffId)),
  'account: siteStaff(siteId)': (s, t) => read(`query($s: ID!) { siteStaff(siteId: $s) { id } }`, { s: s.siteId }, t, (d) => ids(d.siteStaff).includes(s.staffId)),
  'checkpoint tally: tallies': (s, t) => read(`query($c: [ID!]) { checkpointTallies(filter: { checkpointIds: $c }) { nodes { id } } }`, { c: [s.checkpointId] }, t, (d) => ids(d.checkpointTallies.nodes).includes(s.tallyId)),
  'verification task: task(id)': (s, t) => read(`query($id: ID!) { verificationTask(id: $id) { id } }`, { id: s.taskId }, t, (d) => d.verificationTask?.id === s.taskId),
  'supply: supplies(siteId)': (s, t) => read(`query($s: ID) { supplies(filter: { siteId: $s }) { code } }`, { s: s.siteId }, t, (d) => Array.isArray(d.supplies)),
  'field operation: list': (t: string) => read(`query($f: DateTime!, $t: DateTime!) { fieldOperations(from: $f, to: $t) { id } }`, { f: '2026-11-01T00:00:00Z', t: '2026-12-01T00:00:00Z' }, t, (d) => ids(d.fieldOperations).includes(operationId)),
  'audit: auditEvents': (t: string) => read(`{ auditEvents(filter: { entityType: "Dispute" }, first: 500) { nodes { entityId } } }`, {}, t, (d) => d.auditEvents.nodes.some((e: { entityId: string }) => e.entityId === sites.own.disputeId)),
  'report: report': (t: string) => read(`{ report(period: { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }) { cutoff } }`, {}, t, (d) => !!d.report?.cutoff),
  'report: GET report.csv': (t: string) => http(`/reports/report.csv?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`, t),
  'report: GET findings.csv': (s, t) => http(`/reports/findings.csv?siteIds=${s.siteId}`, t, (body) => body.includes(s.findingId)),
};

/** The feed rows: which kind of event, about which of a site's records. */
const FEED_ROWS: Record<string, { kind: HubEventKind; site: (s: SiteWorld) => string }> = {
  'feed: finding event': { kind: 'CRITICAL_FINDING_RAISED', site: (s) => s.siteId },
  'feed: dispute event': { kind: 'DISPUTE_LODGED', site: (s) => s.siteId },
  'feed: disinfection event': { kind: 'SITE_OUT_OF_COMPLIANCE', site: (s) => s.siteId },
  'feed: checkpoint event': { kind: 'CHECKPOINT_TALLY_FILED', site: (s) => s.checkpointId },
};

const WRITE_PROBES: Record<string, Probe> = {
  'inspection: saveInspectionAnswers': (s, t) => write(`mutation($i: SaveInspectionAnswersInput!) { saveInspectionAnswers(input: $i) { id } }`, { inspectionId: s.inspectionId, answers: [{ itemCode: 'C1', yes: true }] }, t, 'INVALID_TRANSITION'),
  'rectification: submit': (s, t) => write(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { idempotencyKey: randomUUID(), findingId: s.findingId, description: '再次整改', evidenceIds: [s.rectificationPdf], version: 999 }, t),
  'dispute: lodgeDispute': (s, t) => write(LODGE, { idempotencyKey: randomUUID(), findingId: s.disputedFindingId, reason: '再次异议' }, t),
  'dispute: commentOnDispute': (s, t) => write(`mutation($i: CommentOnDisputeInput!) { commentOnDispute(input: $i) { id } }`, { id: s.disputeId, text: '补充说明' }, t),
  'account: registerSiteStaff': (s, t) => write(`mutation($i: RegisterSiteStaffInput!) { registerSiteStaff(input: $i) { id } }`, { siteId: s.siteId, username: s.staffUsername, displayName: '重名', password: TEST_PASSWORD }, t),
  'checkpoint tally: file': (s, t) => write(`mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`, tallyInput(s.checkpointId, 11), t),
  'site: updateSite': (s, t) => write(`mutation($i: UpdateSiteInput!) { updateSite(input: $i) { id } }`, { id: s.siteId, version: 999, contactName: '张经理' }, t),
  'dispute: resolveDispute': (s, t) => write(`mutation($i: ResolveDisputeInput!) { resolveDispute(input: $i) { id } }`, { id: s.disputeId, version: s.disputeVersion + 99, outcome: 'UPHELD', rationale: '经复核' }, t),
  'disinfection: correct (staff’s)': (s, t) => write(CORRECT_ENTRY, correction(s.entryId), t),
  'disinfection: correct (manager’s)': (s, t) => write(CORRECT_ENTRY, correction(s.managerEntryId), t),
  'account: reactivateSiteStaff': (s, t) => write(`mutation($i: SiteStaffInput!) { reactivateSiteStaff(input: $i) { id } }`, { accountId: s.staffId }, t),
  'verification: answer task': (s, t) => write(`mutation($i: AnswerVerificationTaskInput!) { answerVerificationTask(input: $i) { id } }`, { id: s.taskId, version: 999, result: 'CLEARED' }, t),
};

async function runProbe(probe: Probe | GlobalProbe, global: boolean, token: string): Promise<string[]> {
  if (global) return [await (probe as GlobalProbe)(token)];
  return [await (probe as Probe)(sites.own, token), await (probe as Probe)(sites.foreign, token)];
}

describe('access matrix: role × record × own/foreign, through the API', () => {
  it('reads', async () => {
    const actual: Record<string, string[][]> = {};
    for (const [row, probe] of Object.entries(READ_PROBES)) {
      const global = READ[row][0].length === 1;
      actual[row] = [];
      for (const role of ROLES) actual[row].push(await runProbe(probe, global, tokens[role]));
    }
    const expected = Object.fromEntries(Object.entries(READ).filter(([row]) => row in READ_PROBES));
    expect(actual).toEqual(expected);
  });

  it('the live feed delivers an event only to who may read its record', async () => {
    const [r] = await hub.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM hub_event ORDER BY tx_id DESC, seq DESC LIMIT 1`);
    const from = r ? `${r.tx}-${r.seq}` : '0-0';
    const received: Record<string, { entityType: string; entityId: string }[]> = {};
    for (const role of ROLES) {
      const client = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${tokens[role]}` }, retryAttempts: 0 });
      clients.push(client);
      received[role] = [];
      client.subscribe(
        { query: `subscription($a: String) { events(after: $a) { entityType entityId } }`, variables: { a: from } },
        { next: (m) => void received[role].push((m.data as any).events), error: (e) => void received[role].push({ entityType: 'ERROR', entityId: JSON.stringify(e) }), complete: () => undefined },
      );
    }
    // One event per row and site, about a record the probe names; then a marker every role may see.
    const probes = Object.entries(FEED_ROWS).flatMap(([row, { kind, site }]) =>
      (['own', 'foreign'] as const).map((which) => ({ kind, siteId: site(sites[which]), entityType: 'AccessProbe', entityId: `${row}|${which}`, message: 'probe', data: {} })),
    );
    await hub.ds.transaction((em) => insertHubEvents(em, probes, hub.clock.now));
    const marks = await writeMarkers(hub, [{ kind: 'SITE_OUT_OF_COMPLIANCE', siteId: sites.own.siteId }]);
    await untilMarked(marks, received);

    const actual: Record<string, string[][]> = {};
    for (const row of Object.keys(FEED_ROWS)) {
      actual[row] = ROLES.map((role) => (['own', 'foreign'] as const).map((which) => (received[role].some((e) => e.entityType === 'AccessProbe' && e.entityId === `${row}|${which}`) ? Y : N)));
    }
    expect(actual).toEqual(Object.fromEntries(Object.keys(FEED_ROWS).map((row) => [row, READ[row]])));
    for (const role of ROLES) expect(received[role].filter((e) => e.entityType === 'ERROR')).toEqual([]);
  });

  it('every row of the read table is probed', () => {
    expect(Object.keys(READ).sort()).toEqual([...Object.keys(READ_PROBES), ...Object.keys(FEED_ROWS)].sort());
  });

  it('writes (each probe stops right after the access check; only the comments are written)', async () => {
    const actual: Record<string, string[][]> = {};
    for (const [row, probe] of Object.entries(WRITE_PROBES)) {
      actual[row] = [];
      for (const role of ROLES) actual[row].push(await runProbe(probe, false, tokens[role]));
    }
    expect(actual).toEqual(WRITE);
    // Nothing else was written: the disputes are still under review, the tasks still routed, one tally per checkpoint, one staff member per site.
    const [d] = await hub.ds.query(`SELECT count(*)::int AS n FROM dispute WHERE id = ANY($1) AND status = 'UNDER_REVIEW'`, [[sites.own.disputeId, sites.foreign.disputeId]]);
    expect(d.n).toBe(2);
    const [t] = await hub.ds.query(`SELECT count(*)::int AS n FROM verification_record WHERE id = ANY($1) AND status = 'ROUTED'`, [[sites.own.taskId, sites.foreign.taskId]]);
    expect(t.n).toBe(2);
    const [c] = await hub.ds.query(`SELECT count(*)::int AS n FROM checkpoint_tally WHERE checkpoint_id = ANY($1)`, [[sites.own.checkpointId, sites.foreign.checkpointId]]);
    expect(c.n).toBe(2);
    const [st] = await hub.ds.query(`SELECT count(*)::int AS n FROM site_staff WHERE site_id = ANY($1)`, [[sites.own.siteId, sites.foreign.siteId]]);
    expect(st.n).toBe(2);
  });
});
