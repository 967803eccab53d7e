import type { Client } from 'pg';
import { BENCH_CHECKLIST, SCALE_USERS } from '../scale/presets';

export interface FilingFixtures {
  teamId: string;
  versionId: string;
  items: { code: string; answerType: string }[];
  siteIds: string[];
}

/** What a filing needs: the bench inspector's team, the 40-item version, active hotels. */
export async function filingFixtures(c: Client): Promise<FilingFixtures> {
  const team = await c.query(
    `SELECT tm.team_id FROM team_member tm JOIN account a ON a.id = tm.account_id JOIN inspection_team t ON t.id = tm.team_id
      WHERE a.username = $1 AND t.active ORDER BY tm.team_id LIMIT 1`,
    [SCALE_USERS.inspector],
  );
  const version = await c.query(
    `SELECT v.id FROM checklist_version v JOIN checklist_template t ON t.id = v.template_id WHERE t.code = $1 AND v.status = 'PUBLISHED' ORDER BY v.number DESC LIMIT 1`,
    [BENCH_CHECKLIST],
  );
  if (!team.rowCount || !version.rowCount) throw new Error('the database has no bench inspector team or 40-item checklist: seed it with npm run seed:scale');
  const items = await c.query(`SELECT code, answer_type FROM checklist_item WHERE version_id = $1 ORDER BY position`, [version.rows[0].id]);
  const sites = await c.query(`SELECT id FROM site WHERE kind = 'HOTEL' AND status = 'ACTIVE' ORDER BY id LIMIT 500`);
  return { teamId: team.rows[0].team_id, versionId: version.rows[0].id, items: items.rows.map((r) => ({ code: r.code, answerType: r.answer_type })), siteIds: sites.rows.map((r) => r.id) };
}

/** A complete offline filing: every item answered compliant, three ad-hoc findings. */
export function filingInput(f: FilingFixtures, key: string, n: number) {
  const now = Date.now();
  return {
    idempotencyKey: key,
    siteId: f.siteIds[n % f.siteIds.length],
    teamId: f.teamId,
    checklistVersionId: f.versionId,
    startedAt: new Date(now - 3_600_000).toISOString(),
    submittedAt: new Date(now - 60_000).toISOString(),
    answers: f.items.map((it) =>
      it.answerType === 'NUMBER' ? { itemCode: it.code, number: 36.5 } : it.answerType === 'CHOICE' ? { itemCode: it.code, choice: 'ALL' } : { itemCode: it.code, yes: true, note: '现场查看 checked on site' },
    ),
    findings: [
      { title: '前台未张贴健康码查验提示', severity: 'MINOR', description: 'No health-code notice at reception' },
      { title: '消毒记录缺少操作人签字', severity: 'MAJOR', description: 'Disinfection log lacks the operator signature', legalBasis: '《传染病防治法》' },
      { title: '员工体温记录不全', severity: 'MINOR' },
    ],
  };
}

export async function datasetSize(c: Client) {
  const n = async (sql: string) => Number((await c.query(sql)).rows[0].n);
  const has = async (t: string) => (await c.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`public.${t}`])).rows[0].ok;
  return {
    sites: await n(`SELECT count(*) AS n FROM site`),
    inspections: await n(`SELECT count(*) AS n FROM inspection`),
    findings: await n(`SELECT count(*) AS n FROM finding`),
    disputes: (await has('dispute')) ? await n(`SELECT count(*) AS n FROM dispute`) : null,
    disinfectionEntries: (await has('disinfection_entry')) ? await n(`SELECT count(*) AS n FROM disinfection_entry`) : null,
  };
}
