import type ExcelJS from 'exceljs';
import { exceljs } from '../../common/lazy';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { district } from './report-sql.shared';
import { FINDING_KNOWN, FINDING_RAISED_IN_PERIOD, OVERDUE_AT_CUTOFF, overdueCandidatesSql } from './report-sql.findings';
import { REPORT_TIME_ZONE, type ReportData } from './report.service';
import { summaryZh } from './report.summary';

/*
 * The daily report as a workbook (GET /reports/daily.xlsx): the written Chinese summary and the
 * main figures on the first sheet (摘要), the report's tables on the second (数据), the lists
 * behind the findings figures on the next (本期问题, 逾期问题). Every sheet's footer, and the last
 * lines of the summary sheet, state the audit chain's head at the cutoff: the position and hash
 * of the last seal written by then, so a printed report can later show the trail was not
 * rewritten (README "The audit trail").
 */

export interface ChainHead {
  position: number;
  hash: string;
  sealedAt: Date | null;
}

/** The audit chain as it stood at `at`: its last seal written by then (position 0 and 64 zeros when none). */
export async function chainHeadAt(ctx: Ctx, at: Date): Promise<ChainHead> {
  const [row] = await ctx.em.query(`SELECT s.seq::text AS seq, s.hash, s.sealed_at FROM audit_seal s WHERE s.sealed_at <= $1 ORDER BY s.seq DESC LIMIT 1`, [at]);
  return row ? { position: Number(row.seq), hash: row.hash, sealedAt: row.sealed_at } : { position: 0, hash: '0'.repeat(64), sealedAt: null };
}

const KIND_ZH: Record<string, string> = { HOTEL: '宾馆', VENUE: '经营场所', DETENTION_FACILITY: '监所', ISOLATION_SITE: '隔离点', CHECKPOINT: '卡口', SAMPLING_POINT: '核酸采集点' };
const SEVERITY_ZH: Record<string, string> = { CRITICAL: '严重', MAJOR: '较重', MINOR: '一般' };
const STATUS_ZH: Record<string, string> = { OPEN: '待整改', RECTIFICATION_SUBMITTED: '已提交整改', VERIFIED: '已核查', DISPUTED: '异议中', WITHDRAWN: '已撤销' };

export const localDateTime = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);

/** The figures of the summary sheet, in order: label and value. The test reads them back. */
export function summaryFigures(r: ReportData): [string, number | string][] {
  const k = r.inspections.byKind;
  const sum = (f: (x: (typeof k)[number]) => number) => k.reduce((s, x) => s + f(x), 0);
  return [
    ['检查次数', r.inspections.total],
    ['其中联合检查', r.inspections.joint],
    ['检查场所数', r.inspections.sitesInspected],
    ['合格', sum((x) => x.pass)],
    ['合格但有问题', sum((x) => x.passWithFindings)],
    ['不合格', sum((x) => x.fail)],
    ['发现问题', r.findings.total],
    ['应整改问题', r.rectification.due],
    ['已整改', r.rectification.rectified],
    ['逾期未整改', r.overdue.count],
    ['其中严重问题逾期（升级）', r.overdue.escalated],
    ['受理异议', r.disputes.lodged],
    ['办结异议', r.disputes.resolved],
    ['检查车辆（辆）', r.checkpoint.vehiclesChecked],
    ['排查人员（人）', r.checkpoint.personsScreened],
    ['劝返车辆（辆）', r.checkpoint.vehiclesTurnedBack],
    ['劝返人员（人）', r.checkpoint.personsTurnedBack],
    ['查验核酸证明（份）', r.checkpoint.certificatesVerified],
    ['现场采集核酸（人）', r.checkpoint.samplesTaken],
    ['接收协查数据（条）', r.verification.received],
    ['已反馈协查（条）', r.verification.answered],
    ['发放物资（次）', r.supplies.reduce((s, x) => s + x.deliveries, 0)],
    ['迟报记录（未计入）', r.lateArrivals.total],
  ];
}

interface FindingRow {
  site: string;
  district: string | null;
  siteKind: string;
  severity: string;
  status: string;
  title: string;
  raisedAt: Date;
  deadline: Date;
}

/**
 * The findings behind the findings figures, scoped like the findings query: raised in the period
 * and known by the cutoff (findings.total), and overdue at the cutoff (overdue.count), with the
 * status, severity and deadline they had then, rebuilt from the audit trail by the report's own
 * predicates (report-sql.findings.ts), so each sheet has exactly its figure's rows.
 */
async function findingLists(ctx: Ctx, r: ReportData): Promise<{ raised: FindingRow[]; overdue: FindingRow[] }> {
  const actor = authorize(ctx, 'finding:read');
  const cols = `s.name AS site, s.district, s.kind AS "siteKind", f.severity, f.status, f.title, f.raised_at AS "raisedAt", f.deadline`;
  const params = [r.period.from, r.period.to, r.cutoff, r.district, siteScope(actor)];
  const raised = await ctx.em.query(
    `SELECT ${cols} FROM finding f JOIN site s ON s.id = f.site_id
     WHERE ${FINDING_RAISED_IN_PERIOD} AND ${district('s')} AND ${FINDING_KNOWN} AND ($5::uuid[] IS NULL OR f.site_id = ANY($5::uuid[]))
     ORDER BY f.raised_at, f.id LIMIT 5000`,
    params,
  );
  const overdue = await ctx.em.query(
    `WITH period AS (SELECT $1::timestamptz AS period_from, $2::timestamptz AS period_to), -- only types the parameters
     ${overdueCandidatesSql(r.district !== null)},
     due AS (SELECT f.id, f.severity, f.status, f.deadline FROM f WHERE ${OVERDUE_AT_CUTOFF} AND ($5::uuid[] IS NULL OR f.site_id = ANY($5::uuid[])))
     SELECT s.name AS site, s.district, s.kind AS "siteKind", due.severity, due.status, fr.title, fr.raised_at AS "raisedAt", due.deadline
     FROM due JOIN finding fr ON fr.id = due.id JOIN site s ON s.id = fr.site_id
     ORDER BY due.deadline, due.id LIMIT 5000`,
    params,
  );
  return { raised, overdue };
}

function listSheet(wb: ExcelJS.Workbook, name: string, rows: FindingRow[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = [
    { header: '场所', key: 'site', width: 28 },
    { header: '类别', key: 'kind', width: 10 },
    { header: '辖区', key: 'district', width: 12 },
    { header: '严重程度', key: 'severity', width: 10 },
    { header: '状态', key: 'status', width: 12 },
    { header: '问题', key: 'title', width: 40 },
    { header: '发现时间', key: 'raisedAt', width: 20 },
    { header: '整改期限', key: 'deadline', width: 20 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const f of rows)
    ws.addRow({ site: f.site, kind: KIND_ZH[f.siteKind] ?? f.siteKind, district: f.district ?? '', severity: SEVERITY_ZH[f.severity] ?? f.severity, status: STATUS_ZH[f.status] ?? f.status, title: f.title, raisedAt: localDateTime(f.raisedAt), deadline: localDateTime(f.deadline) });
  if (!rows.length) ws.addRow({ site: '（无）' });
  return ws;
}

export async function reportWorkbook(ctx: Ctx, r: ReportData): Promise<Buffer> {
  const head = await chainHeadAt(ctx, r.cutoff);
  const lists = await findingLists(ctx, r);
  const wb = new (exceljs().Workbook)();
  wb.creator = 'epi-inspection-hub';
  wb.created = r.generatedAt;
  const footer = `审计链截至 ${localDateTime(r.cutoff)}：第 ${head.position} 条，头哈希 ${head.hash}`;

  const sum = wb.addWorksheet('摘要');
  sum.columns = [{ width: 30 }, { width: 90 }];
  sum.addRow(['疫情防控工作日报']).font = { bold: true, size: 16 };
  sum.addRow(['统计范围', r.district ?? '全县']);
  sum.addRow(['统计时段', `${localDateTime(r.period.from)} 至 ${localDateTime(r.period.to)}（不含）`]);
  sum.addRow(['数据截至', localDateTime(r.cutoff)]);
  sum.addRow(['生成时间', localDateTime(r.generatedAt)]);
  sum.addRow([]);
  const text = sum.addRow(['工作摘要', summaryZh(r)]);
  text.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  text.height = 150;
  sum.addRow([]);
  sum.addRow(['指标', '数值']).font = { bold: true };
  for (const [label, value] of summaryFigures(r)) sum.addRow([label, value]);
  sum.addRow([]);
  sum.addRow(['审计链位置', head.position]);
  sum.addRow(['审计链头哈希', head.hash]);
  sum.addRow(['说明', footer]);

  const data = wb.addWorksheet('数据');
  data.columns = [{ width: 22 }, { width: 12 }, { width: 12 }, { width: 14 }, { width: 12 }, { width: 12 }, { width: 12 }];
  const block = (title: string, header: string[], rows: (string | number | null)[][]) => {
    data.addRow([title]).font = { bold: true, size: 13 };
    data.addRow(header).font = { bold: true };
    for (const row of rows) data.addRow(row.map((v) => v ?? ''));
    data.addRow([]);
  };
  block('检查（按场所类别）', ['类别', '检查次数', '合格', '合格但有问题', '不合格', '检查场所', '联合检查'], r.inspections.byKind.map((k) => [KIND_ZH[k.siteKind] ?? k.siteKind, k.total, k.pass, k.passWithFindings, k.fail, k.sitesInspected, k.joint]));
  block('问题（按严重程度与状态）', ['严重程度', '状态', '数量'], r.findings.bySeverityStatus.map((f) => [SEVERITY_ZH[f.severity] ?? f.severity, STATUS_ZH[f.status] ?? f.status, f.count]));
  block('消毒合规（按场所类别）', ['类别', '场所', '要求', '达标', '达标率', '期末违规要求', '期末违规场所'], r.disinfection.map((d) => [KIND_ZH[d.siteKind] ?? d.siteKind, d.sites, d.requirements, d.requirementsMet, d.complianceRate, d.requirementsInBreachAtEnd, d.sitesInBreachAtEnd]));
  block('物资发放', ['物资', '数量', '单位', '发放次数', '场所'], r.supplies.map((s) => [s.name, s.quantity, s.unitZh, s.deliveries, s.sites]));

  listSheet(wb, '本期问题', lists.raised);
  listSheet(wb, '逾期问题', lists.overdue);
  for (const ws of wb.worksheets) {
    ws.headerFooter.oddFooter = `&L${footer}&R&P / &N`;
    ws.pageSetup.orientation = 'landscape';
    ws.pageSetup.fitToPage = true;
    ws.pageSetup.fitToWidth = 1;
    ws.pageSetup.fitToHeight = 0;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
