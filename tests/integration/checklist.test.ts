import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAccount } from '../fixtures/factory';
import { itemInput } from '../fixtures/checklists';

let hub: TestHub;
let admin: string;
let inspector: string;
beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
  inspector = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
});
afterAll(() => hub.stop());

const TEMPLATE_FIELDS = `id code name nameEn siteKinds versions { number status } draft { id number } latestPublishedVersion { id number items { code promptZh promptEn severity answerType min max unit weight evidenceRequired choices { value compliant } } }`;
const CREATE = `mutation($i: CreateChecklistTemplateInput!) { createChecklistTemplate(input: $i) { ${TEMPLATE_FIELDS} } }`;
const DRAFT = `mutation($i: DraftChecklistVersionInput!) { draftChecklistVersion(input: $i) { id number status items { code promptEn } } }`;
const PUBLISH = `mutation($id: ID!) { publishChecklistVersion(input: { versionId: $id }) { id number status publishedAt } }`;
const PROFILES = `{ standardProfiles { id siteKind passMark criticalDeadlineHours majorDeadlineHours minorDeadlineHours reinspectionIntervalDays evidenceMandatory disputeLodgingWindowDays disputeResolutionDays pauseDeadlineDuringDisputeMajor pauseDeadlineDuringDisputeMinor version history { profileVersion values } } }`;

const newTemplate = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: randomUUID(),
  code: `T-${randomUUID().slice(0, 6).toUpperCase()}`,
  name: '测试清单',
  nameEn: 'Test checklist',
  siteKinds: ['HOTEL', 'VENUE'],
  items: [itemInput({ code: 'A.1', severity: 'CRITICAL' }), itemInput({ code: 'A.2', answerType: 'NUMBER', max: 37.3, unit: '°C' })],
  ...over,
});

describe('seeded reference data', () => {
  it('has a published bilingual checklist for each of the four inspected kinds', async () => {
    const r = await hub.gql(`{ checklistTemplates { ${TEMPLATE_FIELDS} } }`, {}, inspector);
    expect(r.errors).toBeUndefined();
    const byCode = Object.fromEntries(r.data.checklistTemplates.map((t: any) => [t.code, t]));
    for (const [code, kind] of [['HOTEL-EPI', 'HOTEL'], ['VENUE-EPI', 'VENUE'], ['DETENTION-EPI', 'DETENTION_FACILITY'], ['ISOLATION-EPI', 'ISOLATION_SITE']]) {
      const t = byCode[code];
      expect(t.siteKinds).toEqual([kind]);
      expect(t.latestPublishedVersion.items.length).toBeGreaterThanOrEqual(8);
      for (const i of t.latestPublishedVersion.items) {
        expect(i.promptZh).toMatch(/[\u4e00-\u9fff]/);
        expect(i.promptEn).toMatch(/[a-z]/);
      }
    }
    const codes = (c: string) => byCode[c].latestPublishedVersion.items.map((i: any) => i.code);
    expect(codes('HOTEL-EPI')).toEqual(expect.arrayContaining(['REG.GUEST', 'TEMP.ENTRANCE', 'MASK.STAFF', 'VENT.ROOMS', 'DISINF.RECORD']));
    expect(codes('VENUE-EPI')).toContain('CROWD.LIMIT');
    expect(codes('DETENTION-EPI')).toEqual(expect.arrayContaining(['VISIT.SUSPENDED', 'VISIT.CONTROL']));
    expect(codes('ISOLATION-EPI')).toEqual(expect.arrayContaining(['CLOSED_LOOP.ZONES', 'CLOSED_LOOP.STAFF']));
    const only = await hub.gql(`{ checklistTemplates(siteKind: DETENTION_FACILITY) { code } }`, {}, inspector);
    expect(only.data.checklistTemplates.map((t: any) => t.code)).toEqual(['DETENTION-EPI']);
  });

  it('seeds a profile for all six site kinds, detention strictly stricter than every other', async () => {
    const r = await hub.gql(PROFILES, {}, admin);
    const ps = r.data.standardProfiles as any[];
    expect(ps.map((p) => p.siteKind).sort()).toEqual(['CHECKPOINT', 'DETENTION_FACILITY', 'HOTEL', 'ISOLATION_SITE', 'SAMPLING_POINT', 'VENUE']);
    const d = ps.find((p) => p.siteKind === 'DETENTION_FACILITY');
    expect(d.evidenceMandatory).toBe(true);
    for (const p of ps.filter((x) => x.siteKind !== 'DETENTION_FACILITY')) {
      expect(d.passMark).toBeGreaterThan(p.passMark);
      expect(d.criticalDeadlineHours).toBeLessThan(p.criticalDeadlineHours);
      expect(d.majorDeadlineHours).toBeLessThan(p.majorDeadlineHours);
      expect(d.minorDeadlineHours).toBeLessThan(p.minorDeadlineHours);
      expect(d.reinspectionIntervalDays).toBeLessThan(p.reinspectionIntervalDays);
      expect(p.evidenceMandatory).toBe(false);
    }
    expect(ps.find((p) => p.siteKind === 'HOTEL').disputeLodgingWindowDays).toBe(14);
    expect(d.history).toHaveLength(1);
  });
});

describe('checklist versions', () => {
  it('drafts, publishes and versions a checklist; past versions stay as they were', async () => {
    const created = await hub.gql(CREATE, { i: newTemplate() }, admin);
    expect(created.errors).toBeUndefined();
    const t = created.data.createChecklistTemplate;
    expect(t.versions).toEqual([{ number: 1, status: 'DRAFT' }]);
    expect(t.latestPublishedVersion).toBeNull();
    const v1 = await hub.gql(PUBLISH, { id: t.draft.id }, admin);
    expect(v1.data.publishChecklistVersion).toMatchObject({ number: 1, status: 'PUBLISHED' });
    expectError(await hub.gql(PUBLISH, { id: t.draft.id }, admin), 'INVALID_TRANSITION');

    // Version 2 starts as a copy; the codes stay the same, a prompt changes.
    const d2 = await hub.gql(DRAFT, { i: { idempotencyKey: randomUUID(), templateId: t.id } }, admin);
    expect(d2.data.draftChecklistVersion.items.map((i: any) => i.code)).toEqual(['A.1', 'A.2']);
    expectError(await hub.gql(DRAFT, { i: { idempotencyKey: randomUUID(), templateId: t.id } }, admin), 'CONFLICT'); // one draft at a time
    const items = [itemInput({ code: 'A.1', severity: 'CRITICAL' }), { ...itemInput({ code: 'A.2', answerType: 'NUMBER', max: 37.5 }), promptEn: 'Changed' }, itemInput({ code: 'A.3' })];
    const upd = await hub.gql(`mutation($i: UpdateChecklistDraftInput!) { updateChecklistDraft(input: $i) { items { code promptEn max } } }`, { i: { versionId: d2.data.draftChecklistVersion.id, items } }, admin);
    expect(upd.data.updateChecklistDraft.items.map((i: any) => i.code)).toEqual(['A.1', 'A.2', 'A.3']);
    await hub.gql(PUBLISH, { id: d2.data.draftChecklistVersion.id }, admin);

    const again = await hub.gql(`query($id: ID!) { checklistVersion(id: $id) { number items { code promptEn max } } }`, { id: t.draft.id }, admin);
    expect(again.data.checklistVersion.items).toEqual([
      { code: 'A.1', promptEn: 'Question A.1', max: null },
      { code: 'A.2', promptEn: 'Question A.2', max: 37.3 },
    ]);
    const latest = await hub.gql(`{ checklistTemplates(siteKind: VENUE) { code latestPublishedVersion { number } versions { number status } } }`, {}, admin);
    expect(latest.data.checklistTemplates.find((x: any) => x.code === t.code)).toEqual({ code: t.code, latestPublishedVersion: { number: 2 }, versions: [{ number: 2, status: 'PUBLISHED' }, { number: 1, status: 'PUBLISHED' }] });
    // A published version cannot be edited through the API either.
    expectError(await hub.gql(`mutation($i: UpdateChecklistDraftInput!) { updateChecklistDraft(input: $i) { id } }`, { i: { versionId: t.draft.id, items } }, admin), 'INVALID_TRANSITION');
  });

  it('the database itself refuses changes to a published version and its items', async () => {
    const t = (await hub.gql(CREATE, { i: newTemplate() }, admin)).data.createChecklistTemplate;
    // While a draft, its items may change.
    await hub.ds.query(`UPDATE checklist_item SET prompt_en = 'draft edit' WHERE version_id = $1 AND code = 'A.1'`, [t.draft.id]);
    await hub.gql(PUBLISH, { id: t.draft.id }, admin);
    await expect(hub.ds.query(`UPDATE checklist_item SET prompt_en = 'tampered' WHERE version_id = $1`, [t.draft.id])).rejects.toThrow(/published/);
    await expect(hub.ds.query(`DELETE FROM checklist_item WHERE version_id = $1`, [t.draft.id])).rejects.toThrow(/published/);
    await expect(hub.ds.query(`INSERT INTO checklist_item (version_id, code, position, category, prompt_zh, prompt_en, severity, answer_type, site_kinds) VALUES ($1, 'X', 9, 'c', 'z', 'e', 'MINOR', 'YES_NO', '{}')`, [t.draft.id])).rejects.toThrow(/published/);
    await expect(hub.ds.query(`UPDATE checklist_version SET status = 'DRAFT', published_at = NULL WHERE id = $1`, [t.draft.id])).rejects.toThrow(/published/);
    await expect(hub.ds.query(`DELETE FROM checklist_version WHERE id = $1`, [t.draft.id])).rejects.toThrow(/published/);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM checklist_item WHERE version_id = $1 AND prompt_en = 'draft edit'`, [t.draft.id]);
    expect(n).toBe(1);
  });

  it('a retried create returns the same checklist; the same key with other input is CONFLICT', async () => {
    const input = newTemplate();
    const [a, b] = await Promise.all([hub.gql(CREATE, { i: input }, admin), hub.gql(CREATE, { i: input }, admin)]);
    expect(a.data.createChecklistTemplate.id).toBe(b.data.createChecklistTemplate.id);
    const c = await hub.gql(CREATE, { i: input }, admin);
    expect(c.data.createChecklistTemplate.id).toBe(a.data.createChecklistTemplate.id);
    expectError(await hub.gql(CREATE, { i: { ...input, name: 'other' } }, admin), 'CONFLICT');
  });

  it('refuses bad checklists, each naming the field', async () => {
    const dup = await hub.gql(CREATE, { i: newTemplate({ items: [itemInput({ code: 'B.1' }), itemInput({ code: 'B.1' })] }) }, admin);
    expect(expectError(dup, 'BAD_USER_INPUT').extensions.field).toBe('input.items.1.code');
    const choice = await hub.gql(CREATE, { i: newTemplate({ items: [itemInput({ code: 'C.1', answerType: 'CHOICE', choices: [{ value: 'a', labelZh: '甲', labelEn: 'a', compliant: false }, { value: 'b', labelZh: '乙', labelEn: 'b', compliant: false }] })] }) }, admin);
    expect(expectError(choice, 'BAD_USER_INPUT').extensions.field).toBe('input.items.0.choices');
    const kinds = await hub.gql(CREATE, { i: newTemplate({ items: [itemInput({ code: 'K.1', siteKinds: ['DETENTION_FACILITY'] })] }) }, admin);
    expect(expectError(kinds, 'BAD_USER_INPUT').extensions.field).toBe('input.items.0.siteKinds');
    const taken = await hub.gql(CREATE, { i: newTemplate({ code: 'HOTEL-EPI' }) }, admin);
    expect(expectError(taken, 'CONFLICT').extensions.field).toBe('input.code');
    expectError(await hub.gql(CREATE, { i: newTemplate() }, inspector), 'FORBIDDEN');
  });
});

describe('standard profiles', () => {
  const UPDATE = `mutation($i: UpdateStandardProfileInput!) { updateStandardProfile(input: $i) { siteKind passMark majorDeadlineHours version history { profileVersion values } } }`;

  it('an admin changes a profile; the old version stays in its history', async () => {
    const before = (await hub.gql(PROFILES, {}, admin)).data.standardProfiles.find((p: any) => p.siteKind === 'VENUE');
    const r = await hub.gql(UPDATE, { i: { siteKind: 'VENUE', version: before.version, passMark: 82, majorDeadlineHours: 60 } }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data.updateStandardProfile).toMatchObject({ passMark: 82, majorDeadlineHours: 60, version: before.version + 1 });
    expect(r.data.updateStandardProfile.history.map((h: any) => [h.profileVersion, h.values.passMark])).toEqual([[before.version + 1, 82], [before.version, before.passMark]]);
    // Stale version: CONFLICT.
    expectError(await hub.gql(UPDATE, { i: { siteKind: 'VENUE', version: before.version, passMark: 70 } }, admin), 'CONFLICT');
    expectError(await hub.gql(UPDATE, { i: { siteKind: 'VENUE', version: before.version + 1, passMark: 70 } }, inspector), 'FORBIDDEN');
  });

  it('keeps the detention facility standard strictly above every other kind', async () => {
    const ps = (await hub.gql(PROFILES, {}, admin)).data.standardProfiles;
    const d = ps.find((p: any) => p.siteKind === 'DETENTION_FACILITY');
    const h = ps.find((p: any) => p.siteKind === 'HOTEL');
    const lax = await hub.gql(UPDATE, { i: { siteKind: 'DETENTION_FACILITY', version: d.version, passMark: h.passMark } }, admin);
    expect(expectError(lax, 'BAD_USER_INPUT').extensions.field).toBe('input.passMark');
    const strictHotel = await hub.gql(UPDATE, { i: { siteKind: 'HOTEL', version: h.version, majorDeadlineHours: d.majorDeadlineHours } }, admin);
    expect(expectError(strictHotel, 'BAD_USER_INPUT').extensions.field).toBe('input.majorDeadlineHours');
    const noEvidence = await hub.gql(UPDATE, { i: { siteKind: 'DETENTION_FACILITY', version: d.version, evidenceMandatory: false } }, admin);
    expectError(noEvidence, 'BAD_USER_INPUT');
  });
});
