import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { ConsoleFindingsDocument, ConsoleInspectionsDocument, ConsoleReportDocument, ConsoleSitesOfDistrictDocument, type ConsoleInspectionsQuery, type InspectionOutcome } from './graphql/__generated__/graphql';
import { ErrorNote } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { call, codeOf, readPeriod, periodQuery, periodVars, useQuery } from './data';

const PAGE = 25;

interface Page<N> {
  totalCount: number;
  nodes: N[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * The records behind a dashboard figure: the same period and district, through the hub's own
 * list queries (a district becomes the list of its sites), paginated by cursor. Beside the list,
 * the figure from the report, so a reader sees that they agree.
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
      const siteIds = p.district ? (await call(ConsoleSitesOfDistrictDocument, { district: p.district })).sites.nodes.map((s) => s.id) : undefined;
      if (kind === 'findings') {
        const filter =
          which === 'overdue' ? { overdue: true, siteIds } : which === 'escalated' ? { escalated: true, siteIds } : { raisedBetween: { from: vars.period.from, to: vars.period.to }, siteIds };
        const r = await call(ConsoleFindingsDocument, { filter, first: PAGE, after });
        return { totalCount: r.findings.totalCount, nodes: r.findings.nodes, ...r.findings.pageInfo };
      }
      const filter = { submittedFrom: vars.period.from, submittedTo: vars.period.to, siteIds };
      if (!outcome) {
        const r = await call(ConsoleInspectionsDocument, { filter, first: PAGE, after });
        return { totalCount: r.inspections.totalCount, nodes: r.inspections.nodes, ...r.inspections.pageInfo };
      }
      // By outcome: the list query has no outcome filter, so every page of the period is read and filtered here.
      const nodes: ConsoleInspectionsQuery['inspections']['nodes'] = [];
      let cursor: string | null = null;
      for (;;) {
        const r: ConsoleInspectionsQuery = await call(ConsoleInspectionsDocument, { filter, first: 500, after: cursor });
        nodes.push(...r.inspections.nodes.filter((n) => n.outcome === outcome));
        if (!r.inspections.pageInfo.hasNextPage) break;
        cursor = r.inspections.pageInfo.endCursor;
      }
      return { totalCount: nodes.length, nodes, hasNextPage: false, endCursor: null };
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
      </p>
      <p data-testid="drill-figure">
        {t('console.drill.figure', { n: figure ?? '…' })} · <span data-testid="drill-total">{t('console.drill.listed', { n: page?.totalCount ?? '…' })}</span>
      </p>
      {(which === 'overdue' || which === 'escalated' || cutoffPast) && <p className="note">{t('console.drill.asOfNote')}</p>}
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
          <div className="actions">
            {cursors.length > 1 && (
              <button type="button" className="button secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
                {t('console.prev')}
              </button>
            )}
            {page.hasNextPage && (
              <button type="button" className="button secondary" onClick={() => setCursors((c) => [...c, page.endCursor])}>
                {t('console.next')}
              </button>
            )}
          </div>
        </>
      )}
    </main>
  );
}

