import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { ConsoleDistrictsDocument, ConsoleReportDocument, ConsoleSeriesDocument, type ConsoleReportQuery } from './graphql/__generated__/graphql';
import { ErrorNote } from '../ui/components';
import { fmtDateTime, TIME_ZONE } from '../ui/format';
import { Chart, type SeriesSpec } from './Chart';
import { SIX } from './ReportDrill';
import { codeOf, periodQuery, periodVars, readPeriod, token, useQuery, type PeriodParams } from './data';

const nf = (n: number | null | undefined) => (n == null ? '—' : new Intl.NumberFormat('zh-CN').format(n));
const pct = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** The period, district and as-of picker; the choice lives in the address. */
export function PeriodPicker({ p, onApply }: { p: PeriodParams; onApply: (p: PeriodParams) => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState(p);
  const districts = useQuery(ConsoleDistrictsDocument, {}, 'districts');
  const names = [...new Set((districts.data?.sites.nodes ?? []).map((s) => s.district).filter(Boolean))].sort() as string[];
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(v.to < v.from ? { ...v, to: v.from } : v);
  }
  return (
    <form className="filters" onSubmit={submit} aria-label={t('console.period.label')}>
      <label>
        {t('console.period.from')}
        <input type="date" value={v.from} required onChange={(e) => setV({ ...v, from: e.target.value })} />
      </label>
      <label>
        {t('console.period.to')}
        <input type="date" value={v.to} required onChange={(e) => setV({ ...v, to: e.target.value })} />
      </label>
      <label>
        {t('console.period.district')}
        <select value={v.district} onChange={(e) => setV({ ...v, district: e.target.value })}>
          <option value="">{t('console.period.wholeCounty')}</option>
          {names.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('console.period.asOf')}
        <input type="datetime-local" value={v.asOf} onChange={(e) => setV({ ...v, asOf: e.target.value })} />
      </label>
      <button type="submit" className="button primary">
        {t('console.period.apply')}
      </button>
    </form>
  );
}

type Report = ConsoleReportQuery['report'];

function Tile({ label, value, href, tone, testId }: { label: string; value: string; href?: string; tone?: 'bad' | 'good'; testId: string }) {
  const body = (
    <>
      <span className="tile-value">{value}</span>
      <span className="tile-label">{label}</span>
    </>
  );
  return href ? (
    <Link href={href} className={`tile link-tile ${tone ?? ''}`} data-testid={testId}>
      {body}
    </Link>
  ) : (
    <div className={`tile ${tone ?? ''}`} data-testid={testId}>
      {body}
    </div>
  );
}

/** Downloads GET /reports/daily.xlsx with the session's token (a plain link could not send it). */
async function downloadXlsx(p: PeriodParams): Promise<void> {
  const v = periodVars(p);
  const q = new URLSearchParams({ from: v.period.from, to: v.period.to, ...(v.district ? { district: v.district } : {}), ...(v.asOf ? { asOf: v.asOf } : {}) });
  const res = await fetch(`/reports/daily.xlsx?${q}`, { headers: { authorization: `Bearer ${token()}` } });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw Object.assign(new Error('download'), { code: body?.errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR' });
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `daily-report-${p.to}.xlsx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const search = useSearch();
  const [path, navigate] = useLocation();
  const p = readPeriod(search);
  const key = periodQuery(p);
  const vars = periodVars(p);
  const days = Math.round((new Date(vars.period.to).getTime() - new Date(vars.period.from).getTime()) / 86_400_000);
  const report = useQuery(ConsoleReportDocument, vars, key);
  const series = useQuery(ConsoleSeriesDocument, { ...vars, bucket: days > 62 ? 'WEEK' : 'DAY' }, key);
  const [dl, setDl] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const r = report.data?.report;
  const drill = (kind: string, extra: Record<string, string>) => `/console/list/${kind}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(key)), ...extra })}`;

  return (
    <main className="console-main">
      <div className="row">
        <h1>{t('console.dashboard.title')}</h1>
        <div className="actions">
          <button
            type="button"
            className="button secondary"
            disabled={dl.busy}
            onClick={() => {
              setDl({ busy: true, error: null });
              downloadXlsx(p).then(
                () => setDl({ busy: false, error: null }),
                (e) => setDl({ busy: false, error: (e as { code?: string }).code ?? codeOf(e).code }),
              );
            }}
          >
            {t('console.dashboard.downloadXlsx')}
          </button>
          <Link href={`/console/print?${key}`} className="button secondary">
            {t('console.dashboard.printable')}
          </Link>
        </div>
      </div>
      {dl.error && <ErrorNote code={dl.error} />}
      <PeriodPicker key={key} p={p} onApply={(np) => navigate(`${path}?${periodQuery(np)}`)} />
      {report.error && <ErrorNote code={report.error.code} field={report.error.field} />}
      {!r ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <p className="meta" data-testid="cutoff">
            {t('console.dashboard.cutoff', { time: fmtDateTime(r.cutoff) })}
            {r.lateArrivals.total > 0 && ` · ${t('console.dashboard.late', { count: r.lateArrivals.total })}`}
          </p>
          <p className="summary" lang={i18n.language === 'en' ? 'en' : 'zh-CN'}>
            {i18n.language === 'en' ? r.summaryEn : r.summaryZh}
          </p>
          <Tiles r={r} drill={drill} />
          {series.error && <ErrorNote code={series.error.code} />}
          {series.data && <Charts r={r} buckets={series.data.reportSeries.buckets} />}
          <p className="meta chain-head">{t('console.dashboard.chainHead', { position: r.auditHead.position, hash: r.auditHead.hash })}</p>
        </>
      )}
    </main>
  );
}

function Tiles({ r, drill }: { r: Report; drill: (kind: string, extra: Record<string, string>) => string }) {
  const { t } = useTranslation();
  const sum = (f: (k: Report['inspections']['byKind'][number]) => number) => r.inspections.byKind.reduce((s, k) => s + f(k), 0);
  const req = r.disinfection.reduce((s, d) => s + d.requirements, 0);
  const met = r.disinfection.reduce((s, d) => s + d.requirementsMet, 0);
  return (
    <section aria-label={t('console.dashboard.figures')}>
      <div className="tiles">
        <Tile testId="tile-inspections" label={t('console.fig.inspections')} value={nf(r.inspections.total)} href={drill('inspections', {})} />
        <Tile testId="tile-pass" label={t('console.fig.pass')} value={nf(sum((k) => k.pass))} tone="good" href={drill('inspections', { outcome: 'PASS' })} />
        <Tile testId="tile-fail" label={t('console.fig.fail')} value={nf(sum((k) => k.fail))} tone="bad" href={drill('inspections', { outcome: 'FAIL' })} />
        <Tile testId="tile-findings" label={t('console.fig.findings')} value={nf(r.findings.total)} href={drill('findings', { raised: '1' })} />
        <Tile testId="tile-overdue" label={t('console.fig.overdue')} value={nf(r.overdue.count)} tone={r.overdue.count ? 'bad' : undefined} href={drill('findings', { overdue: '1' })} />
        <Tile testId="tile-escalated" label={t('console.fig.escalated')} value={nf(r.overdue.escalated)} tone={r.overdue.escalated ? 'bad' : undefined} href={drill('findings', { escalated: '1' })} />
        <Tile testId="tile-rectified" label={t('console.fig.rectification')} value={`${nf(r.rectification.rectified)} / ${nf(r.rectification.due)}`} />
        <Tile testId="tile-disputes-lodged" label={t('console.fig.disputesLodged')} value={nf(r.disputes.lodged)} href={drill('disputes', { figure: 'LODGED' })} />
        <Tile testId="tile-disputes-resolved" label={t('console.fig.disputesResolved')} value={nf(r.disputes.resolved)} href={drill('disputes', { figure: 'RESOLVED' })} />
        <Tile testId="tile-compliance" label={t('console.fig.compliance')} value={req ? pct(met / req) : '—'} href="/console/sites?breach=1" />
        {SIX.map((k) => (
          <Tile key={k} testId={`tile-${k}`} label={t(`console.fig.${k}`)} value={nf(r.checkpoint[k])} href={drill('checkpoint', { figure: k })} />
        ))}
        <Tile testId="tile-verification-received" label={t('console.fig.verificationReceived')} value={nf(r.verification.received)} href={drill('verification', { figure: 'RECEIVED' })} />
        <Tile testId="tile-verification-answered" label={t('console.fig.verificationAnswered')} value={nf(r.verification.answered)} href={drill('verification', { figure: 'ANSWERED' })} />
        <Tile testId="tile-supplies" label={t('console.fig.suppliesDelivered')} value={nf(r.supplies.reduce((s, x) => s + x.deliveries, 0))} href={drill('supplies', {})} />
      </div>
    </section>
  );
}

const KINDS = ['HOTEL', 'VENUE', 'DETENTION_FACILITY', 'ISOLATION_SITE', 'CHECKPOINT', 'SAMPLING_POINT'];
type Buckets = NonNullable<ReturnType<typeof useQuery<import('./graphql/__generated__/graphql').ConsoleSeriesQuery, unknown>>['data']>['reportSeries']['buckets'];

function Charts({ r, buckets }: { r: Report; buckets: Buckets }) {
  const { t } = useTranslation();
  const charts = useMemo(() => {
    const cats = buckets.map((b) => new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, month: 'numeric', day: 'numeric' }).format(new Date(b.from)));
    const s = (name: string, data: (number | null)[], extra: Partial<SeriesSpec> = {}): SeriesSpec => ({ name, data, ...extra });
    const kinds = KINDS.filter((k) => r.disinfection.some((d) => d.siteKind === k));
    const six = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;
    return [
      { key: 'insp', title: t('console.chart.inspections'), series: [s(t('console.fig.pass'), buckets.map((b) => b.inspections.pass), { stack: 'o', color: '#0e6e54' }), s(t('console.fig.passWithFindings'), buckets.map((b) => b.inspections.passWithFindings), { stack: 'o', color: '#d39b00' }), s(t('console.fig.fail'), buckets.map((b) => b.inspections.fail), { stack: 'o', color: '#b42318' })] },
      { key: 'find', title: t('console.chart.findings'), series: [s(t('console.fig.raised'), buckets.map((b) => b.findings.raised), { color: '#0b57d0' }), s(t('console.fig.rectified'), buckets.map((b) => b.findings.rectified), { color: '#0e6e54' }), s(t('console.fig.overdueAtEnd'), buckets.map((b) => b.findings.overdue), { type: 'line', color: '#b42318' })] },
      { key: 'dis', title: t('console.chart.compliance'), percent: true, series: kinds.map((k) => s(t(`siteKind.${k}`), buckets.map((b) => b.disinfection.find((d) => d.siteKind === k)?.complianceRate ?? null), { type: 'line' })) },
      { key: 'cp', title: t('console.chart.checkpoint'), series: six.map((k) => s(t(`console.fig.${k}`), buckets.map((b) => b.checkpoint[k]), { type: 'line' })) },
      { key: 'ver', title: t('console.chart.verification'), series: [s(t('console.fig.received'), buckets.map((b) => b.verification.received)), s(t('console.fig.answered'), buckets.map((b) => b.verification.answered))] },
      { key: 'sup', title: t('console.chart.supplies'), series: [s(t('console.fig.deliveries'), buckets.map((b) => b.supplies.deliveries)), s(t('console.fig.quantity'), buckets.map((b) => b.supplies.quantity), { type: 'line' })] },
    ].map((c) => ({ ...c, cats }));
  }, [buckets, r, t]);
  return (
    <section aria-label={t('console.dashboard.charts')} className="charts">
      {charts.map((c) => (
        <Chart key={c.key} title={c.title} categories={c.cats} series={c.series} percent={'percent' in c ? c.percent : false} />
      ))}
      <div className="chart">
        <h2 className="figcaption">{t('console.chart.complianceByKind')}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('console.col.kind')}</th>
              <th scope="col">{t('console.col.sites')}</th>
              <th scope="col">{t('console.col.rate')}</th>
              <th scope="col">{t('console.col.inBreachAtEnd')}</th>
            </tr>
          </thead>
          <tbody>
            {r.disinfection.map((d) => (
              <tr key={d.siteKind}>
                <th scope="row">{t(`siteKind.${d.siteKind}`)}</th>
                <td>{d.sites}</td>
                <td>{pct(d.complianceRate)}</td>
                <td>{d.sitesInBreachAtEnd}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
