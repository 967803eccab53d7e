import { randomUUID } from 'node:crypto';
import { expectError, startTestHub, type TestHub } from '../helpers/harness';
import { makeAttachment, makeField, publishChecklist, type ItemSpec } from '../fixtures/checklists';
import { makeAccount, makeSite, makeTeam } from '../fixtures/factory';

/*
 * fileInspection writes a whole inspection in one request. Its SQL statement count (the
 * x-sql-statements header) must not grow with the number of answers or findings: answers,
 * findings, evidence links and audit events each go in one multi-row statement.
 */

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let photo: string;
let small: { versionId: string };
let big: { versionId: string };
const NOW = new Date('2026-11-21T12:00:00.000Z');
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

const FILE = `mutation($i: FileInspectionInput!) { fileInspection(input: $i) {
  id status outcome score version findings { id itemCode severity deadline evidenceIds } } }`;

/** 40 items of every answer type; three of them (one per severity) are answered as failed below. */
const BIG: ItemSpec[] = Array.from({ length: 40 }, (_, n): ItemSpec => {
  const code = `BIG.${String(n).padStart(2, '0')}`;
  if (n % 10 === 3) return { code, answerType: 'NUMBER', min: 35, max: 37.2 };
  if (n % 10 === 6) return { code, answerType: 'CHOICE', choices: [{ value: 'ALL', labelZh: '全部', labelEn: 'All', compliant: true }, { value: 'NONE', labelZh: '无', labelEn: 'None', compliant: false }] };
  if (n === 39) return { code, answerType: 'TEXT' };
  return { code, severity: n === 0 ? 'CRITICAL' : n === 1 ? 'MAJOR' : n === 2 ? 'MINOR' : 'MAJOR' };
});

const answerFor = (s: ItemSpec, fail: boolean, evidence: boolean) => ({
  itemCode: s.code,
  ...(s.answerType === 'NUMBER' ? { number: fail ? 39 : 36.5 } : s.answerType === 'CHOICE' ? { choice: fail ? 'NONE' : 'ALL' } : s.answerType === 'TEXT' ? { text: '现场良好' } : { yes: !fail }),
  note: fail ? `不合格 ${s.code}` : null,
  evidenceIds: evidence ? [photo] : [],
});

const auditActions = async (entityIds: string[]) =>
  (await hub.ds.query(`SELECT action FROM audit_event WHERE entity_id = ANY($1::text[]) ORDER BY id`, [entityIds])).map((r: { action: string }) => r.action) as string[];

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
  photo = await makeAttachment(hub.ds, w.lead.id);
  small = await publishChecklist(hub.ds, ['HOTEL'], [{ code: 'S.ONE' }, { code: 'S.TWO', evidenceRequired: true }]);
  big = await publishChecklist(hub.ds, ['HOTEL'], BIG);
});
afterAll(() => hub.stop());

describe('filing an inspection offline: statements per request', () => {
  it('uses the same few statements for 2 answers and 1 finding as for 40 answers and 6 findings', async () => {
    const base = { teamId: w.team.id, siteId: w.hotel.id, startedAt: at(-3), submittedAt: at(-2) };
    // A token's first request looks its account up while building the context; from then on the
    // server remembers it and the filing's read confirms it (src/modules/account/remembered-actor.ts).
    expect((await hub.gql(`{ me { id } }`, {}, w.tokens.lead)).errors).toBeUndefined();

    const a = await hub.gql(
      FILE,
      {
        i: {
          ...base,
          idempotencyKey: randomUUID(),
          checklistVersionId: small.versionId,
          answers: [answerFor({ code: 'S.ONE' }, false, false), answerFor({ code: 'S.TWO' }, false, true)],
          findings: [{ title: '消防通道堆放杂物', severity: 'MINOR', evidenceIds: [photo] }],
        },
      },
      w.tokens.lead,
    );
    expect(a.errors).toBeUndefined();
    // Version 2: created IN_PROGRESS (an unscheduled visit, the team's to create), then SUBMITTED.
    expect(a.data.fileInspection).toMatchObject({ status: 'SUBMITTED', outcome: 'PASS_WITH_FINDINGS', score: 100, version: 2 });
    expect(a.data.fileInspection.findings).toHaveLength(1);

    const failed = new Set(['BIG.00', 'BIG.01', 'BIG.02']);
    const b = await hub.gql(
      FILE,
      {
        i: {
          ...base,
          siteId: w.otherHotel.id,
          idempotencyKey: randomUUID(),
          checklistVersionId: big.versionId,
          answers: BIG.map((s, n) => answerFor(s, failed.has(s.code), n % 4 === 0)),
          findings: [
            { title: '前台未张贴健康码查验提示', severity: 'MINOR', evidenceIds: [photo] },
            { title: '消毒记录缺少操作人签字', severity: 'MAJOR', legalBasis: '《传染病防治法》', evidenceIds: [photo] },
            { title: '员工体温记录不全', severity: 'MINOR', description: 'staff temperature log incomplete' },
          ],
        },
      },
      w.tokens.lead,
    );
    expect(b.errors).toBeUndefined();
    // A failed CRITICAL item fails the inspection: 36 of 39 scored items passed (BIG.39 is TEXT).
    expect(b.data.fileInspection).toMatchObject({ status: 'SUBMITTED', outcome: 'FAIL', score: Math.round((36 / 39) * 1000) / 10, version: 2 });
    const findings = b.data.fileInspection.findings;
    expect(findings.map((f: any) => [f.itemCode, f.severity, f.deadline]).sort()).toEqual(
      [
        ['BIG.00', 'CRITICAL', at(-2 + 24)],
        ['BIG.01', 'MAJOR', at(-2 + 72)],
        ['BIG.02', 'MINOR', at(-2 + 168)],
        [null, 'MAJOR', at(-2 + 72)],
        [null, 'MINOR', at(-2 + 168)],
        [null, 'MINOR', at(-2 + 168)],
      ].sort(),
    );
    expect(findings.find((f: any) => f.itemCode === 'BIG.00').evidenceIds).toEqual([photo]);

    // Every finding has its raise event, each with evidence its link event; the inspection its moves.
    const id = b.data.fileInspection.id;
    expect(await auditActions([id])).toEqual(['inspection.in-progress', 'attachment.link', 'inspection.submitted']);
    const withEvidence = findings.filter((f: any) => f.evidenceIds.length).length;
    expect(withEvidence).toBe(3);
    const perFinding = await auditActions(findings.map((f: any) => f.id));
    expect(perFinding.filter((x) => x === 'finding.raise')).toHaveLength(6);
    expect(perFinding.filter((x) => x === 'attachment.link')).toHaveLength(withEvidence);
    const [{ n: links }] = await hub.ds.query(`SELECT count(*)::int AS n FROM attachment_link WHERE entity_type = 'Finding' AND entity_id = ANY($1::uuid[])`, [findings.map((f: any) => f.id)]);
    expect(links).toBe(withEvidence);
    const [{ n: answers }] = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection_answer WHERE inspection_id = $1`, [id]);
    expect(answers).toBe(40);

    // 3 for both: one read (the remembered account's check, the idempotency key's record and
    // everything the checks need), the evidence's check, and ONE write: the key, the answers, the
    // inspection (created already SUBMITTED through its moves, with their audit events), members,
    // findings, evidence links and audit events as data-modifying CTEs of one statement, its own
    // transaction (issue 20: 4 with the account looked up first, 11 before, 14 before that, and
    // before the multi-row writes 40 for 2 answers + 1 finding, 64 for 40 + 6).
    expect(Number.isFinite(a.sql)).toBe(true);
    expect(b.sql).toBe(a.sql);
    expect(a.sql).toBe(3);

    // Without evidence, for a site and team filed for before (the first filing above): the write
    // alone, gated on what the checks used being still as that filing read it (what the benchmark files).
    const bare = await hub.gql(
      FILE,
      { i: { ...base, idempotencyKey: randomUUID(), checklistVersionId: big.versionId, answers: BIG.map((s) => answerFor(s, false, false)), findings: [{ title: '员工体温记录不全', severity: 'MINOR' }] } },
      w.tokens.lead,
    );
    expect(bare.errors).toBeUndefined();
    expect(bare.sql).toBe(1);
    // For a site and team not filed for yet: the read and the write.
    const third = await makeSite(hub.ds, { kind: 'HOTEL' });
    const fresh = await hub.gql(
      FILE,
      { i: { ...base, siteId: third.id, idempotencyKey: randomUUID(), checklistVersionId: big.versionId, answers: BIG.map((s) => answerFor(s, false, false)), findings: [] } },
      w.tokens.lead,
    );
    expect(fresh.errors).toBeUndefined();
    expect(fresh.sql).toBe(2);
  });

  it('completes a scheduled inspection with 40 answers in as few statements, CLOSED at once when nothing failed', async () => {
    const s = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: big.versionId, dueAt: at(2) } }, w.tokens.command);
    const id = s.data.scheduleInspection.id;
    const input = { idempotencyKey: randomUUID(), inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: BIG.map((it, n) => answerFor(it, false, n % 5 === 0)) };
    const r = await hub.gql(FILE, { i: input }, w.tokens.lead);
    expect(r.errors).toBeUndefined();
    expect(r.data.fileInspection).toMatchObject({ id, status: 'CLOSED', outcome: 'PASS', score: 100, version: 4, findings: [] });
    expect(await auditActions([id])).toEqual(['inspection.schedule', 'inspection.in-progress', 'attachment.link', 'inspection.submitted', 'inspection.closed']);
    // 3: one read (the inspection with everything the checks need), the evidence's check, and ONE
    // write gated on the inspection being still as read (10 in a transaction before, 13 before issue 20).
    expect(r.sql).toBe(3);
    const retry = await hub.gql(FILE, { i: input }, w.tokens.lead);
    expect(retry.data.fileInspection).toMatchObject({ id, status: 'CLOSED', version: 4 });
    expect(await auditActions([id])).toHaveLength(5);
  });

  it('names the first answer or finding whose evidence cannot be used, and writes nothing', async () => {
    const foreign = await makeAttachment(hub.ds, w.outsider.id); // someone else's, linked to nothing
    const count = async () => (await hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE checklist_version_id = $1`, [small.versionId]))[0].n as number;
    const before = await count();
    const filing = (answerEvidence: string[], findingEvidence: string[]) => ({
      idempotencyKey: randomUUID(),
      siteId: w.hotel.id,
      teamId: w.team.id,
      checklistVersionId: small.versionId,
      startedAt: at(-3),
      submittedAt: at(-2),
      answers: [answerFor({ code: 'S.ONE' }, false, false), { ...answerFor({ code: 'S.TWO' }, false, false), evidenceIds: answerEvidence }],
      findings: [
        { title: '消防通道堆放杂物', severity: 'MINOR', evidenceIds: [photo] },
        { title: '员工体温记录不全', severity: 'MINOR', evidenceIds: findingEvidence },
      ],
    });
    const onFinding = expectError(await hub.gql(FILE, { i: filing([photo], [photo, foreign]) }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(onFinding.extensions).toMatchObject({ field: 'input.findings.1.evidenceIds', index: 1 });
    expect(onFinding.message).toContain(`attachment ${foreign} (input.findings.1.evidenceIds[1])`);
    const onAnswer = expectError(await hub.gql(FILE, { i: filing([foreign], [foreign]) }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(onAnswer.extensions).toMatchObject({ field: 'input.answers.1.evidenceIds', index: 0 });
    // The item requires evidence: its answer without any is refused at submission, after the findings' evidence.
    const noEvidence = expectError(await hub.gql(FILE, { i: filing([], [photo]) }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(noEvidence.extensions.field).toBe('input.answers.1.evidenceIds');
    expect(noEvidence.message).toContain('the answer to S.TWO needs evidence');
    expect(await count()).toBe(before);
  });
});

describe('filing with a remembered token: the read confirms the account', () => {
  const filing = (teamId: string) => ({
    idempotencyKey: randomUUID(),
    teamId,
    siteId: w.hotel.id,
    checklistVersionId: big.versionId,
    startedAt: at(-3),
    submittedAt: at(-2),
    answers: BIG.map((s) => answerFor(s, false, false)),
  });
  const filedBy = async (accountId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE submitted_by_id = $1`, [accountId]))[0].n as number;

  it('refuses a deactivated account with 401 and writes nothing, for good input and bad', async () => {
    const fresh = await makeAccount(hub.ds, 'INSPECTOR');
    const team = await makeTeam(hub.ds, fresh.id);
    const token = await hub.login(fresh.username);
    expect((await hub.gql(FILE, { i: filing(team.id) }, token)).errors).toBeUndefined();
    expect(await filedBy(fresh.id)).toBe(1);
    await hub.ds.query(`UPDATE account SET active = false WHERE id = $1`, [fresh.id]);
    const refused = await hub.gql(FILE, { i: filing(team.id) }, token);
    expect(refused.status).toBe(401);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([expect.objectContaining({ message: 'this account is no longer active; sign in again', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    // The write gated on the remembered account (the site and team were filed for), which wrote
    // nothing; the read that found the account changed; then the lookup.
    expect(refused.sql).toBe(3);
    // A refusal before the read (the input's own checks) is not what a deactivated account gets either.
    const bad = await hub.gql(FILE, { i: { ...filing(team.id), answers: [] } }, token);
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await filedBy(fresh.id)).toBe(1);
  });

  it('files for who the account is now: a member taken off the team is refused, one put on it may file', async () => {
    const fresh = await makeAccount(hub.ds, 'INSPECTOR');
    const team = await makeTeam(hub.ds, fresh.id);
    const other = await makeTeam(hub.ds, w.outsider.id);
    const token = await hub.login(fresh.username);
    expect((await hub.gql(`{ me { id } }`, {}, token)).errors).toBeUndefined();
    // Put on a team after the token was remembered: refused by the remembered teams, filed after the lookup.
    await hub.ds.query(`INSERT INTO team_member (team_id, account_id) VALUES ($1, $2)`, [other.id, fresh.id]);
    const joined = await hub.gql(FILE, { i: filing(other.id) }, token);
    expect(joined.errors).toBeUndefined();
    expect(joined.data.fileInspection.status).toBe('CLOSED'); // nothing failed
    expect(joined.sql).toBe(4); // the read that found the account changed, the lookup, the read again, the write
    // Taken off it: the write gated on the remembered account writes nothing, the read finds the
    // account changed, the lookup, the read again, then the refusal.
    await hub.ds.query(`DELETE FROM team_member WHERE team_id = $1 AND account_id = $2`, [other.id, fresh.id]);
    const off = await hub.gql(FILE, { i: filing(other.id) }, token);
    expectError(off, 'FORBIDDEN');
    expect(off.sql).toBe(4);
    expect(await filedBy(fresh.id)).toBe(1); // the filing for the team it was put on
    // Its own team's filing is unaffected: 2 statements again once the new account is remembered.
    const own = await hub.gql(FILE, { i: filing(team.id) }, token);
    expect(own.errors).toBeUndefined();
    expect(own.sql).toBe(2);
  });
});

describe('a site and team filed for before: the write alone, gated on what the checks used', () => {
  // An account and team of their own, and sites of their own: what is changed below concerns no other test.
  let lead: { id: string; username: string };
  let team: { id: string };
  let token: string;
  beforeAll(async () => {
    lead = await makeAccount(hub.ds, 'INSPECTOR');
    team = await makeTeam(hub.ds, lead.id);
    token = await hub.login(lead.username);
    expect((await hub.gql(`{ me { id } }`, {}, token)).errors).toBeUndefined();
  });
  /** Every item answered compliant but BIG.01 (MAJOR) when `fail`. */
  const filing = (siteId: string, fail = false) => ({
    idempotencyKey: randomUUID(),
    teamId: team.id,
    siteId,
    checklistVersionId: big.versionId,
    startedAt: at(-3),
    submittedAt: at(-2),
    answers: BIG.map((s) => answerFor(s, fail && s.code === 'BIG.01', false)),
  });
  const filedAt = async (siteId: string) => (await hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE site_id = $1`, [siteId]))[0].n as number;
  /** A new hotel, filed for once by the team (the read and the write): remembered from then on. */
  const rememberedSite = async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    const first = await hub.gql(FILE, { i: filing(site.id) }, token);
    expect(first.errors).toBeUndefined();
    expect(first.sql).toBe(2);
    return site;
  };

  it('files what the way with the read files, and a retry or a duplicate files nothing more', async () => {
    const site = await rememberedSite();
    const input = filing(site.id, true);
    const a = await hub.gql(FILE, { i: input }, token);
    expect(a.errors).toBeUndefined();
    expect(a.sql).toBe(1);
    const filed = a.data.fileInspection;
    expect(filed).toMatchObject({ status: 'SUBMITTED', score: Math.round((38 / 39) * 1000) / 10, version: 2 });
    expect(filed.findings).toEqual([expect.objectContaining({ itemCode: 'BIG.01', severity: 'MAJOR', deadline: at(-2 + 72) })]);
    expect(await auditActions([filed.id])).toEqual(['inspection.in-progress', 'inspection.submitted']);
    expect(await auditActions([filed.findings[0].id])).toEqual(['finding.raise']);
    const [members] = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection_member WHERE inspection_id = $1`, [filed.id]);
    expect(members.n).toBe(1);

    // The retry: the gated write claims nothing (the key is taken); the read answers from its record.
    const again = await hub.gql(FILE, { i: input }, token);
    expect(again.errors).toBeUndefined();
    expect(again.data.fileInspection).toEqual(filed);
    const other = expectError(await hub.gql(FILE, { i: { ...input, submittedAt: at(-1) } }, token), 'CONFLICT');
    expect(other.extensions.field).toBe('input.idempotencyKey');
    // Four at once: one files, the others are answered with it.
    const dup = filing(site.id);
    const four = await Promise.all([1, 2, 3, 4].map(() => hub.gql(FILE, { i: dup }, token)));
    for (const r of four) expect(r.errors).toBeUndefined();
    expect(new Set(four.map((r) => r.data.fileInspection.id)).size).toBe(1);
    expect(await filedAt(site.id)).toBe(3);
  });

  it("knows a site from any team's filing and a team from any site's", async () => {
    const site = await rememberedSite(); // filed for by this describe's team
    const other = await makeTeam(hub.ds, w.lead.id, [w.member.id]);
    // w.lead is on a new team: its token's first request finds the account changed and looks it up again.
    expect((await hub.gql(`{ me { id } }`, {}, w.tokens.lead)).errors).toBeUndefined();
    const elsewhere = await makeSite(hub.ds, { kind: 'HOTEL' });
    const first = await hub.gql(FILE, { i: { ...filing(elsewhere.id), teamId: other.id } }, w.tokens.lead);
    expect(first.errors).toBeUndefined();
    expect(first.sql).toBe(2); // neither known: the read and the write
    const known = await hub.gql(FILE, { i: { ...filing(site.id), teamId: other.id } }, w.tokens.lead);
    expect(known.errors).toBeUndefined();
    expect(known.sql).toBe(1); // the site from this describe's team's filing, the team from its own elsewhere
    expect(known.data.fileInspection.status).toBe('CLOSED'); // nothing failed
  });

  it('sees a site closed or of another kind since, its profile changed, or the team stood down', async () => {
    const site = await rememberedSite();
    const change = (sql: string, ...params: unknown[]) => hub.ds.query(sql, params);

    await change(`UPDATE site SET status = 'CLOSED' WHERE id = $1`, site.id);
    const closed = expectError(await hub.gql(FILE, { i: filing(site.id) }, token), 'BAD_USER_INPUT');
    expect(closed.extensions.field).toBe('input.siteId');
    expect(closed.message).toContain('is closed');
    await change(`UPDATE site SET status = 'ACTIVE' WHERE id = $1`, site.id);

    // The 40-item checklist is for hotels only.
    await change(`UPDATE site SET kind = 'DETENTION_FACILITY' WHERE id = $1`, site.id);
    const kind = expectError(await hub.gql(FILE, { i: filing(site.id) }, token), 'BAD_USER_INPUT');
    expect(kind.extensions.field).toBe('input.checklistVersionId');
    expect(kind.message).toContain('is not for DETENTION_FACILITY sites');
    await change(`UPDATE site SET kind = 'HOTEL' WHERE id = $1`, site.id);
    // As remembered again: the write alone.
    const back = await hub.gql(FILE, { i: filing(site.id) }, token);
    expect(back.errors).toBeUndefined();
    expect(back.sql).toBe(1);

    // A MAJOR finding's deadline from the profile as it is now, not as remembered.
    const [{ hours }] = await hub.ds.query(`SELECT major_deadline_hours AS hours FROM standard_profile WHERE site_kind = 'HOTEL'`);
    expect(hours).toBe(72);
    await change(`UPDATE standard_profile SET major_deadline_hours = 48 WHERE site_kind = 'HOTEL'`);
    try {
      const shorter = await hub.gql(FILE, { i: filing(site.id, true) }, token);
      expect(shorter.errors).toBeUndefined();
      expect(shorter.data.fileInspection.findings).toEqual([expect.objectContaining({ itemCode: 'BIG.01', deadline: at(-2 + 48) })]);
      expect(shorter.sql).toBe(3); // the gated write, which wrote nothing; the read; the write
    } finally {
      await change(`UPDATE standard_profile SET major_deadline_hours = 72 WHERE site_kind = 'HOTEL'`);
    }
    // That filing remembered the 48 hours: the next one reads the profile as it is again.
    const restored = await hub.gql(FILE, { i: filing(site.id, true) }, token);
    expect(restored.data.fileInspection.findings).toEqual([expect.objectContaining({ itemCode: 'BIG.01', deadline: at(-2 + 72) })]);
    expect(restored.sql).toBe(3);

    await change(`UPDATE inspection_team SET active = false WHERE id = $1`, team.id);
    const down = expectError(await hub.gql(FILE, { i: filing(site.id) }, token), 'BAD_USER_INPUT');
    expect(down.extensions.field).toBe('input.teamId');
    await change(`UPDATE inspection_team SET active = true WHERE id = $1`, team.id);

    // The first filing, the one after the kind came back, the two with the profile changed.
    expect(await filedAt(site.id)).toBe(4);
  });
});

describe('a published version read once', () => {
  it('checks the answers of every later filing against its items as the first', async () => {
    const base = { teamId: w.team.id, siteId: w.hotel.id, checklistVersionId: big.versionId, startedAt: at(-3), submittedAt: at(-2) };
    const ok = await hub.gql(FILE, { i: { ...base, idempotencyKey: randomUUID(), answers: BIG.map((s) => answerFor(s, false, false)) } }, w.tokens.lead);
    expect(ok.errors).toBeUndefined();
    const unknown = expectError(await hub.gql(FILE, { i: { ...base, idempotencyKey: randomUUID(), answers: [{ itemCode: 'NOT.AN.ITEM', yes: true }] } }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(unknown.extensions.field).toBe('input.answers.0.itemCode');
    const wrongType = expectError(await hub.gql(FILE, { i: { ...base, idempotencyKey: randomUUID(), answers: [{ itemCode: 'BIG.03', yes: true }] } }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(wrongType.extensions.field).toBe('input.answers.0.yes');
    // A failed CRITICAL item still fails the filing: the items' severities come from the version as read.
    const failed = await hub.gql(FILE, { i: { ...base, idempotencyKey: randomUUID(), answers: BIG.map((s) => answerFor(s, s.code === 'BIG.00', s.code === 'BIG.00')) } }, w.tokens.lead);
    expect(failed.errors).toBeUndefined();
    expect(failed.data.fileInspection).toMatchObject({ outcome: 'FAIL' });
    expect(failed.data.fileInspection.findings).toEqual([expect.objectContaining({ itemCode: 'BIG.00', severity: 'CRITICAL' })]);
    expect(failed.sql).toBe(2); // the evidence's check and the write (the site and team were filed for)
  });
});

describe('a scheduled inspection filed in one write', () => {
  const schedule = async () =>
    (await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.otherHotel.id, teamId: w.team.id, checklistVersionId: big.versionId, dueAt: at(2) } }, w.tokens.command)).data
      .scheduleInspection.id as string;

  it('raises its findings and writes the events in the step-by-step order, in 2 statements without evidence', async () => {
    const id = await schedule();
    const failed = new Set(['BIG.00', 'BIG.02']);
    const r = await hub.gql(
      FILE,
      { i: { idempotencyKey: randomUUID(), inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: BIG.map((s) => answerFor(s, failed.has(s.code), false)), findings: [{ title: '员工体温记录不全', severity: 'MINOR' }] } },
      w.tokens.lead,
    );
    expect(r.errors).toBeUndefined();
    expect(r.sql).toBe(2);
    expect(r.data.fileInspection).toMatchObject({ id, status: 'SUBMITTED', outcome: 'FAIL', version: 3 });
    const findings = r.data.fileInspection.findings;
    expect(findings.map((f: any) => [f.itemCode, f.severity, f.deadline]).sort()).toEqual(
      [
        ['BIG.00', 'CRITICAL', at(-0.5 + 24)],
        ['BIG.02', 'MINOR', at(-0.5 + 168)],
        [null, 'MINOR', at(-0.5 + 168)],
      ].sort(),
    );
    expect(await auditActions([id])).toEqual(['inspection.schedule', 'inspection.in-progress', 'inspection.submitted']);
    expect((await auditActions(findings.map((f: any) => f.id))).filter((a) => a === 'finding.raise')).toHaveLength(3);
    const [{ n: answers }] = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection_answer WHERE inspection_id = $1`, [id]);
    expect(answers).toBe(40);
    const [{ n: members }] = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection_member WHERE inspection_id = $1`, [id]);
    expect(members).toBeGreaterThan(0);
    // Filed: filing it again with another key is refused by its status, and writes nothing.
    const again = expectError(await hub.gql(FILE, { i: { idempotencyKey: randomUUID(), inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: BIG.map((s) => answerFor(s, false, false)) } }, w.tokens.lead), 'INVALID_TRANSITION');
    expect(again.message).toContain('SUBMITTED');
    expect(await auditActions([id])).toHaveLength(3);
  });

  it('files once when the same request arrives four times at once', async () => {
    const id = await schedule();
    const input = { idempotencyKey: randomUUID(), inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: BIG.map((s) => answerFor(s, false, false)) };
    const all = await Promise.all([1, 2, 3, 4].map(() => hub.gql(FILE, { i: input }, w.tokens.lead)));
    for (const r of all) {
      expect(r.errors).toBeUndefined();
      expect(r.data.fileInspection).toMatchObject({ id, status: 'CLOSED', version: 4 });
    }
    expect(await auditActions([id])).toEqual(['inspection.schedule', 'inspection.in-progress', 'inspection.submitted', 'inspection.closed']);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM idempotency_record WHERE key = $1`, [input.idempotencyKey]);
    expect(n).toBe(1);
  });

  it('is NOT_FOUND out of reach or missing, and refused to another team, as before', async () => {
    const id = await schedule();
    const input = { idempotencyKey: randomUUID(), inspectionId: id, startedAt: at(-1), submittedAt: at(-0.5), answers: BIG.map((s) => answerFor(s, false, false)) };
    expectError(await hub.gql(FILE, { i: { ...input, inspectionId: randomUUID() } }, w.tokens.lead), 'NOT_FOUND');
    expectError(await hub.gql(FILE, { i: input }, w.tokens.outsider), 'FORBIDDEN');
    const wrongTeam = expectError(await hub.gql(FILE, { i: { ...input, idempotencyKey: randomUUID(), teamId: w.otherTeam.id } }, w.tokens.lead), 'BAD_USER_INPUT');
    expect(wrongTeam.extensions.field).toBe('input.teamId');
    expect(await auditActions([id])).toEqual(['inspection.schedule']);
  });
});
