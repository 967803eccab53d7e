import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAttachment, makeField, publishChecklist, type ItemSpec } from '../fixtures/checklists';

/*
 * fileInspection writes a whole inspection in one request. Its SQL statement count (the
 * x-sql-statements header) must not grow with the number of answers or findings: answers,
 * findings, evidence links and audit events each go in one multi-row statement.
 */

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let photo: string;
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
});
afterAll(() => hub.stop());

describe('filing an inspection offline: statements per request', () => {
  it('uses the same few statements for 2 answers and 1 finding as for 40 answers and 6 findings', async () => {
    const small = await publishChecklist(hub.ds, ['HOTEL'], [{ code: 'S.ONE' }, { code: 'S.TWO', evidenceRequired: true }]);
    const big = await publishChecklist(hub.ds, ['HOTEL'], BIG);
    const base = { teamId: w.team.id, siteId: w.hotel.id, startedAt: at(-3), submittedAt: at(-2) };

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
    expect(a.data.fileInspection).toMatchObject({ status: 'SUBMITTED', outcome: 'PASS_WITH_FINDINGS', score: 100, version: 3 });
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
    expect(b.data.fileInspection).toMatchObject({ status: 'SUBMITTED', outcome: 'FAIL', score: Math.round((36 / 39) * 1000) / 10, version: 3 });
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

    // Statements for 2 answers + 1 finding (before: 29) and for 40 answers + 6 findings (before: 51).
    {
      const ids = [a.data.fileInspection.id, id, ...a.data.fileInspection.findings.map((f: any) => f.id), ...findings.map((f: any) => f.id)];
      const rows = await hub.ds.query(`SELECT action, entity_type, entity_id, changes, actor_username, request_id IS NOT NULL AS req FROM audit_event WHERE entity_id = ANY($1::text[]) OR request_id IN (SELECT request_id FROM audit_event WHERE entity_id = ANY($1::text[])) ORDER BY id`, [ids]);
      const name = new Map(ids.map((x, k) => [x, `ID${k}`]));
      require('fs').writeFileSync(process.env.AUDIT_DUMP!, JSON.stringify(rows, (k, v) => (typeof v === 'string' && name.has(v) ? name.get(v) : v), 1));
      const fs2 = await hub.ds.query(`SELECT item_code, title, description, legal_basis, severity, status, raised_at, deadline, profile_version, evidence_ids, issuing_agency_id IS NOT NULL AS ag, version, created_at = updated_at AS same FROM finding WHERE inspection_id = ANY($1::uuid[]) ORDER BY item_code NULLS LAST, title`, [[a.data.fileInspection.id, id]]);
      const ins = await hub.ds.query(`SELECT status, started_at, submitted_at, received_at, filed_offline, score, points_earned, points_possible, outcome, pass_mark, profile_version, version, submitted_by_id IS NOT NULL AS sb, closed_at FROM inspection WHERE id = ANY($1::uuid[]) ORDER BY score`, [[a.data.fileInspection.id, id]]);
      const ans = await hub.ds.query(`SELECT item_code, not_applicable, bool_value, number_value, choice_value, text_value, note, passed, evidence_ids FROM inspection_answer WHERE inspection_id = ANY($1::uuid[]) ORDER BY item_code`, [[a.data.fileInspection.id, id]]);
      const mem = await hub.ds.query(`SELECT count(*)::int AS n FROM inspection_member WHERE inspection_id = ANY($1::uuid[])`, [[a.data.fileInspection.id, id]]);
      require('fs').writeFileSync(process.env.AUDIT_DUMP! + '.rows', JSON.stringify({ fs2, ins, ans, mem }, (k, v) => (typeof v === 'string' && name.has(v) ? name.get(v) : v), 1));
    }
    console.log(`fileInspection statements: 2 answers/1 finding = ${a.sql}, 40 answers/6 findings = ${b.sql}`);
    expect(Number.isFinite(a.sql)).toBe(true);
    expect(b.sql).toBe(a.sql);
    expect(a.sql).toBeLessThanOrEqual(15);
  });
});
