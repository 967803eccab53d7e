import type { NoticeData } from './notice.service';

/*
 * The rectification notice as a printable HTML page, in Chinese with English beneath. Every
 * stored text is escaped; the page loads nothing (its style is inline), so it prints the same
 * anywhere and a Content-Security-Policy of default-src 'none' holds.
 */

const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Times as the county reads them: Beijing time (UTC+8, no daylight saving). */
export function beijing(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

const SEVERITY: Record<string, [string, string]> = { CRITICAL: ['重大', 'critical'], MAJOR: ['较大', 'major'], MINOR: ['一般', 'minor'] };
const STATUS: Record<string, [string, string]> = {
  OPEN: ['待整改', 'open'],
  RECTIFICATION_SUBMITTED: ['已提交整改', 'rectification submitted'],
  REJECTED: ['整改未通过', 'rectification rejected'],
  VERIFIED: ['已核验', 'verified'],
  DISPUTED: ['异议处理中', 'disputed'],
  WITHDRAWN: ['已撤销', 'withdrawn'],
};
const OUTCOME: Record<string, [string, string]> = { PASS: ['合格', 'pass'], PASS_WITH_FINDINGS: ['基本合格（有问题）', 'pass with findings'], FAIL: ['不合格', 'fail'] };
const two = (m: Record<string, [string, string]>, k: string | null) => (k && m[k] ? `${m[k][0]} <span class="en">${m[k][1]}</span>` : esc(k));

/** Its number: the submission date and the inspection's first eight hex digits, e.g. 整改〔20261122〕3f2a9c1e号. */
export const noticeNumber = (n: Pick<NoticeData, 'submittedAt' | 'inspectionId'>) => `整改〔${beijing(n.submittedAt).slice(0, 10).replace(/-/g, '')}〕${n.inspectionId.slice(0, 8)}号`;

export function noticeHtml(n: NoticeData): string {
  const rows = n.findings
    .map(
      (f, i) => `<tr>
        <td>${i + 1}</td>
        <td><strong>${esc(f.title)}</strong>${f.description ? `<div>${esc(f.description)}</div>` : ''}${f.itemCode ? `<div class="en">${esc(f.itemCode)}</div>` : ''}</td>
        <td>${esc(f.legalBasis ?? '—')}</td>
        <td>${two(SEVERITY, f.severity)}</td>
        <td>${beijing(f.deadline)}</td>
        <td>${two(STATUS, f.status)}</td>
      </tr>`,
    )
    .join('');
  const team = n.members.length
    ? n.members.map((m) => `${esc(m.name)}${m.agency ? `（${esc(m.agency)}）` : ''}${m.isLeader ? ' ★' : ''}`).join('、')
    : esc(n.team.name);
  const ack = n.acknowledgedAt
    ? `已签收：${esc(n.acknowledgedBy)}，${beijing(n.acknowledgedAt)} <span class="en">Acknowledged by ${esc(n.acknowledgedBy)} on ${beijing(n.acknowledgedAt)} (Beijing time)</span>`
    : `尚未签收 <span class="en">Not yet acknowledged by the site</span>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>整改通知书 Rectification notice — ${esc(n.site.name)}</title>
<style>
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #000; line-height: 1.6; }
  h1 { text-align: center; letter-spacing: .3em; margin-bottom: 0; }
  .sub { text-align: center; margin-top: 0; }
  .en { display: block; font-family: Arial, Helvetica, sans-serif; font-size: .8em; color: #333; letter-spacing: 0; }
  td .en, .inline .en { display: inline; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  th, td { border: 1px solid #000; padding: .3rem .4rem; vertical-align: top; text-align: left; }
  .no { text-align: right; }
  .sign { margin-top: 2rem; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>整改通知书</h1>
<p class="sub"><span class="en">Rectification notice</span></p>
<p class="no">${esc(noticeNumber(n))}</p>
<p><strong>${esc(n.site.name)}</strong>${n.site.contactName ? `（负责人 ${esc(n.site.contactName)}）` : ''}：<span class="en">To: ${esc(n.site.name)}, ${esc(n.site.address)}, ${esc(n.site.district)}</span></p>
<p>${beijing(n.submittedAt)}，检查组对你单位进行了疫情防控检查，检查结论：${two(OUTCOME, n.outcome)}。发现以下问题隐患，现通知你单位在规定期限内整改完毕。
<span class="en">On ${beijing(n.submittedAt)} (Beijing time) the inspection team inspected your premises for epidemic prevention. The findings below must be rectified by their deadlines.</span></p>
<p class="inline">检查人员 <span class="en">Inspectors</span>：${team}</p>
<table>
  <thead><tr>
    <th>序号<span class="en">No.</span></th><th>问题隐患<span class="en">Finding</span></th><th>依据<span class="en">Basis</span></th>
    <th>等级<span class="en">Severity</span></th><th>整改期限<span class="en">Deadline</span></th><th>状态<span class="en">Status</span></th>
  </tr></thead>
  <tbody>${rows}</tbody>
</table>
<p><strong>整改要求 <span class="en inline">How to answer</span></strong></p>
<ol>
  <li>请在每项整改期限前完成整改，并通过“防疫检查”现场端（问题 → 提交整改）上传整改说明和照片，由检查组核验。
    <span class="en">Rectify each finding before its deadline and submit the rectification (a description and photos) in the field app under Findings → Rectify; the inspection team verifies it.</span></li>
  <li>逾期未整改的问题将记为逾期；重大隐患逾期将升级督办。
    <span class="en">A finding not rectified by its deadline becomes overdue; an overdue critical finding is escalated.</span></li>
  <li>对检查结果有异议的，可在整改期限内通过现场端提出异议，由指挥部复核。
    <span class="en">To contest a finding, lodge a dispute in the field app before its deadline; the command centre reviews it.</span></li>
</ol>
<p class="sign">签收 <span class="en inline">Acknowledgment</span>：${ack}</p>
</body>
</html>`;
}
