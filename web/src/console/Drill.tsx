import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { ConsoleReportDocument, ConsoleReportFindingsDocument, ConsoleReportInspectionsDocument, type InspectionOutcome } from './graphql/__generated__/graphql';
import { ErrorNote } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { call, codeOf, readPeriod, periodQuery, periodVars, useQuery } from './data';
import { Pager } from './Pager';

const PAGE = 25;

interface Page<N> {
  totalCount: number;
  nodes: N[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The records behind the dashboard's inspections (all, or by outcome), findings raised, overdue
 * and escalated figures: the hub's report lists (reportInspections, reportFindings) with the
 * dashboard's own period, district and as-of, so the list holds exactly what the figure counts,
 * the outcome or status as it stood at the cutoff included. Beside the list, the figure.
 */
export function DrillDown({ kind }: { kind: 'findings' | 'inspections' }) {
  const { t } = useTranslation();
  const search = useSearch();
  const q = new URLSearchParams(search);
  const p = readPeriod(search);
  const vars = periodVars(p);
  const report = useQuery(ConsoleReportDocument, vars, periodQuery(p));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<any> | null>(null);
  const [error, setError] = useState<{ code: string; field?: string } | null>(null);
  const after = cursors[cursors.length - 1];
  const outcome = q.get('outcome') as InspectionOutcome | null;
  const which = kind === 'inspections' ? (outcome ? `inspections.${outcome}` : 'inspections') : q.get('overdue') ? 'overdue' : q.get('escalated') ? 'escalated' : 'raised';

  useEffect(() => {
    let live = true;
    (async () => {
      const args = { ...vars, first: PAGE, after };
      if (kind === 'findings') {
        const figure = which === 'overdue' ? 'OVERDUE' : which === 'escalated' ? 'ESCALATED' : 'RAISED';
        const r = (await call(ConsoleReportFindingsDocument, { ...args, figure })).reportFindings;
        return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo };
      }
      const r = (await call(ConsoleReportInspectionsDocument, { ...args, outcome })).reportInspections;
      return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo };
    })().then(
      (pg) => live && (setPage(pg), setError(null)),
      (e) => live && setError(codeOf(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, kind, after]);

  const rep = report.data?.report;
  const figure = !rep
    ? null
    : which === 'raised'
      ? rep.findings.total
      : which === 'overdue'
        ? rep.overdue.count
        : which === 'escalated'
          ? rep.overdue.escalated
          : which === 'inspections'
            ? rep.inspections.total
            : rep.inspections.byKind.reduce((s, k) => s + (outcome === 'PASS' ? k.pass : outcome === 'FAIL' ? k.fail : k.passWithFindings), 0);
  const cutoffPast = rep && new Date(rep.cutoff).getTime() < Date.now() - 60_000;
  return (
    <main className="console-main">
      <p>
        <Link href={`/console/dashboard?${periodQuery(p)}`}>← {t('console.dashboard.title')}</Link>
      </p>
      <h1>{t(`console.drill.${which}`)}</h1>
      <p className="meta">
        {p.from} – {p.to}
        {p.district ? ` · ${p.district}` : ` · ${t('console.period.wholeCounty')}`}
        {rep && ` · ${t('console.dashboard.cutoff', { time: fmtDateTime(rep.cutoff) })}`}
      </p>
      <p data-testid="drill-figure">
        {t('console.drill.figure', { n: figure ?? '…' })} · <span data-testid="drill-total">{t('console.drill.listed', { n: page?.totalCount ?? '…' })}</span>
      </p>
      {cutoffPast && <p className="note">{t('console.drill.asOfNote')}</p>}
      {error && <ErrorNote code={error.code} field={error.field} />}
      {page && (
        <>
          <table className="table" data-testid="drill-list">
            <caption className="visually-hidden">{t(`console.drill.${which}`)}</caption>
            {kind === 'findings' ? (
              <>
                <thead>
                  <tr>
                    <th scope="col">{t('console.col.finding')}</th>
                    <th scope="col">{t('console.col.site')}</th>
                    <th scope="col">{t('console.col.severity')}</th>
                    <th scope="col">{t('console.col.status')}</th>
                    <th scope="col">{t('console.col.raisedAt')}</th>
                    <th scope="col">{t('console.col.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.nodes.map((f) => (
                    <tr key={f.id} className={f.overdue ? 'warn' : ''}>
                      <td>
                        <Link href={`/console/inspections/${f.inspection.id}#finding-${f.id}`}>{f.title}</Link>
                      </td>
                      <td>{f.site.name}</td>
                      <td>
                        <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
                      </td>
                      <td>{t(`findingStatus.${f.status}`)}</td>
                      <td>{fmtDateTime(f.raisedAt)}</td>
                      <td>{fmtDateTime(f.deadline)}</td>
                    </tr>
                  ))}
                </tbody>
              </>
            ) : (
              <>
                <thead>
                  <tr>
                    <th scope="col">{t('console.col.site')}</th>
                    <th scope="col">{t('console.col.team')}</th>
                    <th scope="col">{t('console.col.outcome')}</th>
                    <th scope="col">{t('console.col.score')}</th>
                    <th scope="col">{t('console.col.submittedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.nodes.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <Link href={`/console/inspections/${i.id}`}>{i.site.name}</Link>
                      </td>
                      <td>{i.team.name}</td>
                      <td className={`outcome-${i.outcome}`}>{i.outcome ? t(`outcome.${i.outcome}`) : '—'}</td>
                      <td>{i.score ?? '—'}</td>
                      <td>{fmtDateTime(i.submittedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </>
            )}
          </table>
          {page.nodes.length === 0 && <p>{t('console.drill.none')}</p>}
          <Pager cursors={cursors} setCursors={setCursors} pageInfo={page} />
        </>
      )}
    </main>
  );
}

