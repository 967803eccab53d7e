import type { ReportData } from './report.service';
import { REPORT_TIME_ZONE } from './report.service';
import { SUPPLY_KINDS } from '../supply/supply.entity';

/*
 * The written summary, in the style of the county bureau's own account ("检查车辆32937辆，排查人员
 * 53910人…"), generated from the same numbers as the report: exact figures, no rounding, no
 * thousands separators.
 */

const KIND_ZH: Record<string, string> = { HOTEL: '宾馆', VENUE: '经营场所', DETENTION_FACILITY: '监所', ISOLATION_SITE: '隔离点', CHECKPOINT: '卡口', SAMPLING_POINT: '核酸采集点' };
const KIND_EN: Record<string, string> = { HOTEL: 'hotels', VENUE: 'venues', DETENTION_FACILITY: 'detention facilities', ISOLATION_SITE: 'isolation sites', CHECKPOINT: 'checkpoints', SAMPLING_POINT: 'sampling points' };

// The formatters made once: building an Intl.DateTimeFormat costs ~0.1 ms, and each summary formats several dates.
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: REPORT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const localDate = (d: Date) => DATE.format(d);
const localDateTime = (d: Date) => DATE_TIME.format(d);
const zhDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const zhDateTime = (d: Date) => {
  const [day, time] = localDateTime(d).split(' ');
  return `${zhDate(day)}${time}`;
};
/** The period's days, the end being exclusive. */
function days(r: ReportData): [string, string] {
  return [localDate(r.period.from), localDate(new Date(r.period.to.getTime() - 1))];
}
/** Item names are stored bilingual ("口罩 masks"): the Chinese part, and the rest. */
const CJK = /[\u3400-\u9fff]/;
const zhName = (name: string) => (CJK.test(name.split(' ')[0]) ? name.split(' ')[0] : name);
const enName = (name: string) => (CJK.test(name.split(' ')[0]) && name.includes(' ') ? name.slice(name.indexOf(' ') + 1) : name);
const disputesOf = (r: ReportData, kind: string) => r.disputes.byKind.find((k) => k.kind === kind)?.resolved ?? 0;
/** Supplies in the order the bureau lists them (masks first), then by code. */
const bySupplyKind = (r: ReportData) =>
  [...r.supplies].sort((a, b) => (SUPPLY_KINDS as readonly string[]).indexOf(a.kind) - (SUPPLY_KINDS as readonly string[]).indexOf(b.kind) || a.itemCode.localeCompare(b.itemCode));
const pct = (x: number | null) => (x == null ? null : `${Math.round(x * 1000) / 10}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The checkpoints that reported, by road type: national and provincial roads together (国省道), as the seed counts them. */
function roads(r: ReportData) {
  const n = (t: string | null) => r.checkpoint.byRoadType.find((x) => x.roadType === t)?.checkpoints ?? 0;
  return { highway: n('HIGHWAY_EXIT'), road: n('NATIONAL_ROAD') + n('PROVINCIAL_ROAD'), unrecorded: n(null) };
}

function checkpointsZh(r: ReportData): string | null {
  if (r.checkpoint.checkpoints === 0) return null;
  const { highway, road, unrecorded } = roads(r);
  const of = [highway && `高速路口${highway}个`, road && `国省道${road}个`, unrecorded && highway + road ? `未登记道路类型${unrecorded}个` : ''].filter(Boolean);
  return `设置${r.checkpoint.checkpoints}个防疫卡点${of.length ? `，其中${of.join('、')}` : ''}`;
}

function checkpointsEn(r: ReportData): string | null {
  if (r.checkpoint.checkpoints === 0) return null;
  const { highway, road, unrecorded } = roads(r);
  const of = [highway && plural(highway, 'highway exit'), road && `${road} national/provincial road${road === 1 ? '' : 's'}`, unrecorded && highway + road ? `${unrecorded} of unrecorded road type` : ''].filter(Boolean);
  return `${plural(r.checkpoint.checkpoints, 'checkpoint')} staffed${of.length ? ` (${of.join(', ')})` : ''}`;
}

/** "300 pairs of protective gloves", "1 litre of disinfectant alcohol", "5000 masks": the item's own English unit. */
const quantityEn = (s: ReportData['supplies'][number]) => {
  const unit = s.quantity === 1 ? s.unitEn : s.unitEnPlural ?? s.unitEn;
  return unit ? `${s.quantity} ${unit} of ${enName(s.name)}` : `${s.quantity} ${enName(s.name)}`;
};

/** Which visits were joint (members of two or more agencies) and which by one agency: counted, never claimed. */
const jointZh = (r: ReportData) => {
  const { total, joint, singleAgency } = r.inspections;
  if (total === 0) return '';
  return `（${[joint && `多部门联合检查${joint}次`, singleAgency && `单一部门检查${singleAgency}次`].filter(Boolean).join('、')}）`;
};
const jointEn = (r: ReportData) => {
  const { total, joint, singleAgency } = r.inspections;
  if (total === 0) return '';
  return ` (${[joint && `${joint} joint, by two or more agencies`, singleAgency && `${singleAgency} by a single agency`].filter(Boolean).join(' and ')})`;
};

export function summaryZh(r: ReportData): string {
  const [d0, d1] = days(r);
  const where = r.district ?? '全县';
  const parts: string[] = [];
  const c = r.checkpoint;
  parts.push(
    `${d0 === d1 ? zhDate(d0) : `${zhDate(d0)}至${zhDate(d1)}`}，${where}（数据截至${zhDateTime(r.cutoff)}）：` +
      (checkpointsZh(r) ? `${checkpointsZh(r)}；` : '') +
      `检查车辆${c.vehiclesChecked}辆，排查人员${c.personsScreened}人，劝返车辆${c.vehiclesTurnedBack}辆，劝返人员${c.personsTurnedBack}人，查验核酸证明${c.certificatesVerified}份，现场采集核酸${c.samplesTaken}份`,
  );
  const v = r.verification;
  parts.push(`接收协查数据${v.received}条，涉及核查反馈数据${v.needingVerification}条，已核查${v.verified}条，已反馈${v.answered}条${r.district ? '（协查数据为全县数）' : ''}`);
  const findingDisputesZh = disputesOf(r, 'FINDING');
  parts.push(`化解处置矛盾纠纷${disputesOf(r, 'SITE_CONFLICT')}起${findingDisputesZh ? `，办结问题异议${findingDisputesZh}件` : ''}`);
  const o = r.operations;
  if (o.deployments) parts.push(`出动警力${o.officersDeployed}人次`);
  if (o.pushes) parts.push(`推送预警提示${o.messagesPushed}条，受宣群众${o.peopleReached}人`);
  const i = r.inspections;
  const f = r.rectification;
  parts.push(
    `检查宾馆等各类行业场所${i.sitesInspected}家，开展检查${i.total}次${jointZh(r)}，发现问题隐患${r.findings.total}处；到期应整改${f.due}处，已整改核验${f.rectified}处` +
      (f.rate == null ? '' : `，整改率${pct(f.rate)}`) +
      `；逾期未整改${r.overdue.count}处，其中重大隐患升级督办${r.overdue.escalated}处`,
  );
  const dis = r.disinfection.filter((k) => k.requirements > 0);
  if (dis.length) parts.push(`消毒达标率：${dis.map((k) => `${KIND_ZH[k.siteKind] ?? k.siteKind}${pct(k.complianceRate)}`).join('，')}；期末消毒超时场所${dis.reduce((s, k) => s + k.sitesInBreachAtEnd, 0)}家`);
  if (r.supplies.length) parts.push(`送至一线${bySupplyKind(r).map((s) => `${zhName(s.name)}${s.quantity}${s.unitZh}`).join('、')}`);
  let text = `${parts.join('；')}。`;
  if (r.lateArrivals.total > 0) text += `另有截止时间后补录记录${r.lateArrivals.total}条，未计入以上数字。`;
  return text;
}

export function summaryEn(r: ReportData): string {
  const [d0, d1] = days(r);
  const where = r.district ?? 'the whole county';
  const c = r.checkpoint;
  const parts: string[] = [];
  parts.push(
    `${d0 === d1 ? d0 : `${d0} to ${d1}`}, ${where} (data as of ${localDateTime(r.cutoff)} ${REPORT_TIME_ZONE}): ` +
      (checkpointsEn(r) ? `${checkpointsEn(r)}; ` : '') +
      `${c.vehiclesChecked} vehicles checked, ${c.personsScreened} persons screened, ${c.vehiclesTurnedBack} vehicles and ${c.personsTurnedBack} persons turned back, ` +
      `${c.certificatesVerified} test certificates verified, ${c.samplesTaken} samples taken on site`,
  );
  const v = r.verification;
  parts.push(`${plural(v.received, 'verification record')} received, ${v.needingVerification} needing field verification, ${v.verified} verified, ${v.answered} answered${r.district ? ' (county-wide)' : ''}`);
  const findingDisputes = disputesOf(r, 'FINDING');
  parts.push(`${plural(disputesOf(r, 'SITE_CONFLICT'), 'conflict')} at sites resolved${findingDisputes ? `, ${plural(findingDisputes, 'finding dispute')} decided` : ''}`);
  const o = r.operations;
  if (o.deployments) parts.push(`police deployed ${o.officersDeployed} person-time${o.officersDeployed === 1 ? '' : 's'}`);
  if (o.pushes) parts.push(`${plural(o.messagesPushed, 'warning')} pushed to the public, reaching ${plural(o.peopleReached, 'person', 'people')}`);
  const i = r.inspections;
  const f = r.rectification;
  parts.push(
    `${plural(i.sitesInspected, 'site')} inspected in ${plural(i.total, 'inspection')}${jointEn(r)}, ${plural(r.findings.total, 'finding')} raised; ` +
      `${f.due} due for rectification, ${f.rectified} rectified and verified${f.rate == null ? '' : ` (${pct(f.rate)})`}; ` +
      `${r.overdue.count} overdue, ${r.overdue.escalated} of them critical and escalated`,
  );
  const dis = r.disinfection.filter((k) => k.requirements > 0);
  if (dis.length) parts.push(`disinfection compliance: ${dis.map((k) => `${KIND_EN[k.siteKind] ?? k.siteKind} ${pct(k.complianceRate)}`).join(', ')}; ${plural(dis.reduce((s, k) => s + k.sitesInBreachAtEnd, 0), 'site')} in breach at the end`);
  if (r.supplies.length) parts.push(`delivered to the front line: ${bySupplyKind(r).map((s) => `${quantityEn(s)}`).join(', ')}`);
  let text = `${parts.join('; ')}.`;
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (r.lateArrivals.total > 0) text += ` A further ${plural(r.lateArrivals.total, 'record')} recorded after the cutoff ${r.lateArrivals.total === 1 ? 'is' : 'are'} not counted above.`;
  return text;
}

export const summaryFor = (r: ReportData, language: 'ZH' | 'EN') => (language === 'EN' ? summaryEn(r) : summaryZh(r));
