import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { ConsoleReportDocument } from './graphql/__generated__/graphql';
import { fmtDateTime } from '../ui/format';
import { ConsoleError } from './ConsoleError';
import { periodQuery, periodVars, readPeriod, useQuery } from './data';

const nf = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

/** The daily report as a printable page (the browser's print, or save as PDF): the same figures as the XLSX. */
export function PrintReport() {
  const { t } = useTranslation();
  const search = useSearch();
  const p = readPeriod(search);
  const q = useQuery(ConsoleReportDocument, periodVars(p), periodQuery(p));
  const r = q.data?.report;
  return (
    <main className="console-main print-page" lang="zh-CN">
      <div className="no-print actions">
        <Link href={`/console/dashboard?${periodQuery(p)}`}>← {t('console.dashboard.title')}</Link>
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t('console.print.print')}
        </button>
      </div>
      <ConsoleError error={q.error} />
      {r && (
        <article>
          <h1>疫情防控工作日报</h1>
          <p>
            {r.district ?? '全县'} · {p.from === p.to ? p.from : `${p.from} 至 ${p.to}`} · 数据截至 {fmtDateTime(r.cutoff)}
          </p>
          <h2>工作摘要</h2>
          <p className="summary">{r.summaryZh}</p>
          <h2>主要数据</h2>
          <table className="table print-table">
            <tbody>
              {(
                [
                  ['检查次数', r.inspections.total],
                  ['其中联合检查', r.inspections.joint],
                  ['发现问题', r.findings.total],
                  ['应整改 / 已整改', `${nf(r.rectification.due)} / ${nf(r.rectification.rectified)}`],
                  ['逾期未整改（其中严重）', `${nf(r.overdue.count)}（${nf(r.overdue.escalated)}）`],
                  ['受理 / 办结异议', `${nf(r.disputes.lodged)} / ${nf(r.disputes.resolved)}`],
                  ['检查车辆（辆）', r.checkpoint.vehiclesChecked],
                  ['排查人员（人）', r.checkpoint.personsScreened],
                  ['劝返车辆 / 人员', `${nf(r.checkpoint.vehiclesTurnedBack)} / ${nf(r.checkpoint.personsTurnedBack)}`],
                  ['查验核酸证明 / 现场采集核酸', `${nf(r.checkpoint.certificatesVerified)} / ${nf(r.checkpoint.samplesTaken)}`],
                  ['接收 / 反馈协查数据', `${nf(r.verification.received)} / ${nf(r.verification.answered)}`],
                ] as [string, number | string][]
              ).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{typeof v === 'number' ? nf(v) : v}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.supplies.length > 0 && (
            <>
              <h2>物资发放</h2>
              <p>{r.supplies.map((s) => `${s.name.split(' ')[0]}${nf(s.quantity)}${s.unitZh}`).join('，')}</p>
            </>
          )}
          <footer className="print-footer" data-testid="print-footer">
            审计链截至 {fmtDateTime(r.cutoff)}：第 {r.auditHead.position} 条，头哈希 <code>{r.auditHead.hash}</code>
          </footer>
        </article>
      )}
    </main>
  );
}
