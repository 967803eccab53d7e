import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, TEST_PASSWORD, type TestHub } from '../helpers/harness';
import { disputeWorld, ITEMS, type DisputeWorld } from '../fixtures/disputes';
import { tinyPng as png } from '../fixtures/samples';

/*
 * Evidence is readable by who may read a record it is attached to (by that record's own read
 * rule: its kind's permission and its site's scope), or by its uploader. Anyone else gets 404,
 * exactly as for an id that does not exist.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = new Date('2026-11-20T08:00:00Z');
});
afterAll(() => hub.stop());

const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${tag}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');

async function upload(body: Buffer, type: string, token: string): Promise<string> {
  const res = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });
  const json = (await res.json()) as { id: string };
  expect(res.status).toBe(201);
  return json.id;
}

const status = async (id: string, token: string) => (await fetch(`${hub.url}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } })).status;
const ATTACHMENT = `query($id: ID!) { attachment(id: $id) { id } }`;

interface World {
  w: DisputeWorld;
  staffToken: string;
  /** The inspector's photo of a failed item: evidence of the inspection answer and of the finding. */
  findingPhoto: string;
  /** The manager's rectification PDF. */
  rectificationPdf: string;
  /** The staff member's photo of a disinfection entry. */
  disinfectionPhoto: string;
  /** A photo the manager uploaded and never attached. */
  loosePhoto: string;
}

let world: World;
beforeAll(async () => {
  const w = await disputeWorld(hub);
  const username = `staff-${randomUUID().slice(0, 8)}`;
  const reg = await hub.gql(`mutation($i: RegisterSiteStaffInput!) { registerSiteStaff(input: $i) { id } }`, { i: { siteId: w.hotel.id, username, displayName: '保洁员', password: TEST_PASSWORD } }, w.tokens.hotelManager);
  expect(reg.errors).toBeUndefined();
  const staffToken = await hub.login(username);

  const findingPhoto = await upload(png('finding'), 'image/png', w.tokens.lead);
  const now = hub.clock.now;
  const filed = await hub.gql(
    `mutation($i: FileInspectionInput!) { fileInspection(input: $i) { id findings { id itemCode evidenceIds } } }`,
    {
      i: {
        idempotencyKey: randomUUID(),
        siteId: w.hotel.id,
        teamId: w.team.id,
        checklistVersionId: w.checklist.versionId,
        startedAt: new Date(now.getTime() - 3_600_000).toISOString(),
        submittedAt: new Date(now.getTime() - 60_000).toISOString(),
        answers: ITEMS.map((it) => ({ itemCode: it.code, yes: it.code !== 'C1', ...(it.code === 'C1' ? { evidenceIds: [findingPhoto] } : {}) })),
      },
    },
    w.tokens.lead,
  );
  expect(filed.errors).toBeUndefined();
  const finding = filed.data.fileInspection.findings.find((f: { itemCode: string }) => f.itemCode === 'C1');
  expect(finding.evidenceIds).toEqual([findingPhoto]);

  const rectificationPdf = await upload(pdf('rectified'), 'application/pdf', w.tokens.hotelManager);
  const rect = await hub.gql(
    `mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id evidence { id } } }`,
    { i: { idempotencyKey: randomUUID(), findingId: finding.id, description: '已整改', evidenceIds: [rectificationPdf] } },
    w.tokens.hotelManager,
  );
  expect(rect.errors).toBeUndefined();
  expect(rect.data.submitRectification.evidence).toEqual([{ id: rectificationPdf }]);

  const disinfectionPhoto = await upload(png('disinfection'), 'image/png', staffToken);
  const entry = await hub.gql(
    `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id evidence { id } } }`,
    {
      i: {
        siteId: w.hotel.id,
        idempotencyKey: randomUUID(),
        area: 'LOBBY',
        agent: 'CHLORINE',
        concentration: 500,
        concentrationUnit: 'MG_PER_L',
        method: 'SPRAY',
        startedAt: new Date(now.getTime() - 2 * 3_600_000).toISOString(),
        durationMinutes: 30,
        evidenceIds: [disinfectionPhoto],
      },
    },
    staffToken,
  );
  expect(entry.errors).toBeUndefined();
  expect(entry.data.recordDisinfection.evidence).toEqual([{ id: disinfectionPhoto }]);

  const loosePhoto = await upload(png('loose'), 'image/png', w.tokens.hotelManager);
  world = { w, staffToken, findingPhoto, rectificationPdf, disinfectionPhoto, loosePhoto };
});

describe('GET /attachments/:id asks whether the actor may read a record the file is attached to', () => {
  it('follows the matrix: record kind × role × own or foreign site', async () => {
    const { w, staffToken, findingPhoto, rectificationPdf, disinfectionPhoto, loosePhoto } = world;
    const who: Record<string, string> = {
      staff: staffToken,
      hotelManager: w.tokens.hotelManager,
      otherManager: w.tokens.otherManager,
      lead: w.tokens.lead,
      member: w.tokens.member,
      outsider: w.tokens.outsider,
      command: w.tokens.command,
      reviewer: w.tokens.reviewer,
    };
    const expected: Record<string, Record<string, number>> = {
      // Staff may not read findings or inspections, so not their photos; a foreign manager sees nothing of the site.
      findingPhoto: { staff: 404, hotelManager: 200, otherManager: 404, lead: 200, member: 200, outsider: 200, command: 200, reviewer: 200 },
      rectificationPdf: { staff: 404, hotelManager: 200, otherManager: 404, lead: 200, member: 200, outsider: 200, command: 200, reviewer: 200 },
      // Disinfection records: the site's own people, inspectors of the site (not the other team), the command centre and reviewers.
      disinfectionPhoto: { staff: 200, hotelManager: 200, otherManager: 404, lead: 200, member: 200, outsider: 404, command: 200, reviewer: 200 },
      // Attached to nothing: the uploader only.
      loosePhoto: { staff: 404, hotelManager: 200, otherManager: 404, lead: 404, member: 404, outsider: 404, command: 404, reviewer: 404 },
    };
    const ids: Record<string, string> = { findingPhoto, rectificationPdf, disinfectionPhoto, loosePhoto };
    const actual: Record<string, Record<string, number>> = {};
    for (const [file, id] of Object.entries(ids)) {
      actual[file] = {};
      for (const [name, token] of Object.entries(who)) actual[file][name] = await status(id, token);
    }
    expect(actual).toEqual(expected);
  });

  it('a refused download looks like a missing file (404 NOT_FOUND), and attachment(id) is null', async () => {
    const { staffToken, findingPhoto, rectificationPdf, w } = world;
    const res = await fetch(`${hub.url}/attachments/${rectificationPdf}`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    const missing = await fetch(`${hub.url}/attachments/${randomUUID()}`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(body).toEqual(await missing.json());
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
    for (const id of [findingPhoto, rectificationPdf]) {
      expect((await hub.gql(ATTACHMENT, { id }, staffToken)).data.attachment).toBeNull();
      expect((await hub.gql(ATTACHMENT, { id }, w.tokens.otherManager)).data.attachment).toBeNull();
      expect((await hub.gql(ATTACHMENT, { id }, w.tokens.hotelManager)).data.attachment).toEqual({ id });
    }
  });

  it('a file one may not read cannot be attached to a record one may write, to read it through that record', async () => {
    const { staffToken, findingPhoto, w } = world;
    const r = await hub.gql(
      `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id evidence { id } } }`,
      {
        i: {
          siteId: w.hotel.id,
          idempotencyKey: randomUUID(),
          area: 'LOBBY',
          agent: 'CHLORINE',
          concentration: 500,
          concentrationUnit: 'MG_PER_L',
          method: 'SPRAY',
          startedAt: new Date(hub.clock.now.getTime() - 3_600_000).toISOString(),
          durationMinutes: 20,
          evidenceIds: [findingPhoto],
        },
      },
      staffToken,
    );
    expect(expectError(r, 'BAD_USER_INPUT').extensions.field).toBe('input.evidenceIds');
    expect(await status(findingPhoto, staffToken)).toBe(404);
  });
});
