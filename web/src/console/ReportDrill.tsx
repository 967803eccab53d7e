import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import {
  ConsoleReportDeliveriesDocument,
  ConsoleReportDisputesDocument,
  ConsoleReportDocument,
  ConsoleReportTalliesDocument,
  ConsoleReportVerificationDocument,
  type ConsoleReportDeliveriesQuery,
  type ConsoleReportDisputesQuery,
  type ConsoleReportQuery,
  type ConsoleReportTalliesQuery,
  type ConsoleReportVerificationQuery,
} from './graphql/__generated__/graphql';
import { ErrorNote } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { call, codeOf, periodQuery, periodVars, readPeriod, useQuery } from './data';
import { Pager } from './Pager';

const PAGE = 25;
export const SIX = ['vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'] as const;
type Six = (typeof SIX)[number];

export type ReportListKind = 'disputes' | 'checkpoint' | 'verification' | 'supplies';
type Dispute = ConsoleReportDisputesQuery['reportDisputes']['nodes'][number];
type Tally = ConsoleReportTalliesQuery['reportCheckpointTallies']['nodes'][number];
type Record_ = ConsoleReportVerificationQuery['reportVerificationRecords']['nodes'][number];
type Delivery = ConsoleReportDeliveriesQuery['reportSupplyDeliveries']['nodes'][number];
type Report = ConsoleReportQuery['report'];

interface Page {
  totalCount: number;
  nodes: { id: string }[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** The list's own sum beside its count: a checkpoint figure, or the units delivered. */
  sum?: number;
}

/** Which figure of the report a list stands behind, from the address (`figure`, `item`). */
function figureOf(kind: ReportListKind, q: URLSearchParams) {
  const f = q.get('figure') ?? '';
  switch (kind) {
    case 'disputes':
      return f === 'RESOLVED' ? 'RESOLVED' : 'LODGED';
    case 'verification':
      return f === 'ANSWERED' ? 'ANSWERED' : 'RECEIVED';
    case 'checkpoint':
      return (SIX as readonly string[]).includes(f) ? f : 'vehiclesChecked';
    default:
      return q.get('item') ?? '';
  }
}

/** The report's figure the list must agree with: [count of records, and for tallies / deliveries the summed figure]. */
function reportFigure(kind: ReportListKind, figure: string, r: Report): { count: number; sum?: number } {
  switch (kind) {
    case 'disputes':
      return { count: figure === 'RESOLVED' ? r.disputes.resolved : r.disputes.lodged };
    case 'verification':
      return { count: figure === 'ANSWERED' ? r.verification.answered : r.verification.received };
    case 'checkpoint':
      return { count: r.checkpoint.tallies, sum: r.checkpoint[figure as Six] };
    default: {
      const rows = figure ? r.supplies.filter((s) => s.itemCode === figure) : r.supplies;
      return { count: rows.reduce((s, x) => s + x.deliveries, 0), sum: rows.reduce((s, x) => s + x.quantity, 0) };
    }
  }
}

/**
 * The records behind one of the report's dispute, checkpoint, verification or supply figures:
 * the hub's report lists (reportDisputes, reportCheckpointTallies, reportVerificationRecords,
 * reportSupplyDeliveries) with the dashboard's own period, district and as-of, so the list counts
 * exactly what the figure counts, cutoff included. Beside the list, the figure. Each record opens:
 * a dispute its case page, the others their detail below the list.
 */
export function ReportDrill({ kind }: { kind: ReportListKind }) {
  const { t } = useTranslation();
  const search = useSearch();
  const q = new URLSearchParams(search);
  const p = readPeriod(search);
  const vars = periodVars(p);
  const figure = figureOf(kind, q);
  const report = useQuery(ConsoleReportDocument, vars, periodQuery(p));
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; field?: string } | null>(null);
  const after = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    const args = { ...vars, first: PAGE, after };
    (async (): Promise<Page> => {
      switch (kind) {
        case 'disputes': {
          const r = (await call(ConsoleReportDisputesDocument, { ...args, figure: figure as 'LODGED' | 'RESOLVED' })).reportDisputes;
          return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo };
        }
        case 'verification': {
          const r = (await call(ConsoleReportVerificationDocument, { ...args, figure: figure as 'RECEIVED' | 'ANSWERED' })).reportVerificationRecords;
          return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo };
        }
        case 'checkpoint': {
          const r = (await call(ConsoleReportTalliesDocument, args)).reportCheckpointTallies;
          return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo, sum: r.totals[figure as Six] };
        }
        default: {
          const r = (await call(ConsoleReportDeliveriesDocument, { ...args, itemCode: figure || null })).reportSupplyDeliveries;
          return { totalCount: r.totalCount, nodes: r.nodes, ...r.pageInfo, sum: r.quantity };
        }
      }
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
  const fig = rep ? reportFigure(kind, figure, rep) : null;
  const title = kind === 'checkpoint' ? t('console.rdrill.checkpoint', { figure: t(`console.fig.${figure}`) }) : kind === 'supplies' && figure ? t('console.rdrill.supplyItem', { item: rep?.supplies.find((s) => s.itemCode === figure)?.name ?? figure }) : t(`console.rdrill.${kind}.${kind === 'supplies' ? 'all' : figure}`);
  const cutoffPast = rep && new Date(rep.cutoff).getTime() < Date.now() - 60_000;
  const toggle = (id: string) => setOpen((o) => (o === id ? null : id));

  return (
    <main className="console-main">
      <p>
        <Link href={`/console/dashboard?${periodQuery(p)}`}>← {t('console.dashboard.title')}</Link>
      </p>
      <h1>{title}</h1>
      <p className="meta">
        {p.from} – {p.to}
        {p.district ? ` · ${p.district}` : ` · ${t('console.period.wholeCounty')}`}
        {rep && ` · ${t('console.dashboard.cutoff', { time: fmtDateTime(rep.cutoff) })}`}
      </p>
      <p data-testid="drill-figure">
        {t('console.drill.figure', { n: fig?.count ?? '…' })} · <span data-testid="drill-total">{t('console.drill.listed', { n: page?.totalCount ?? '…' })}</span>
        {fig?.sum !== undefined && (
          <>
            {' · '}
            <span data-testid="drill-sum">{t('console.rdrill.sum', { figure: kind === 'checkpoint' ? t(`console.fig.${figure}`) : t('console.fig.quantity'), report: fig.sum, list: page?.sum ?? '…' })}</span>
          </>
        )}
      </p>
      {kind === 'verification' && <p className="note">{t('console.rdrill.noDistrict')}</p>}
      {cutoffPast && <p className="note">{t('console.rdrill.asOfNote')}</p>}
      {error && <ErrorNote code={error.code} field={error.field} />}
      {page && (
        <>
          <table className="table" data-testid="drill-list">
            <caption className="visually-hidden">{title}</caption>
            {kind === 'disputes' && <DisputeRows rows={page.nodes as Dispute[]} />}
            {kind === 'checkpoint' && <TallyRows rows={page.nodes as Tally[]} figure={figure as Six} open={open} toggle={toggle} />}
            {kind === 'verification' && <RecordRows rows={page.nodes as Record_[]} open={open} toggle={toggle} />}
            {kind === 'supplies' && <DeliveryRows rows={page.nodes as Delivery[]} open={open} toggle={toggle} />}
          </table>
          {page.nodes.length === 0 && <p>{t('console.drill.none')}</p>}
          <Pager cursors={cursors} setCursors={setCursors} pageInfo={page} />
        </>
      )}
    </main>
  );
}

function Head({ cols }: { cols: string[] }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col">
            {t(`console.col.${c}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A record's detail, in a row of its own under the record's row. */
function Detail({ span, children }: { span: number; children: ReactNode }) {
  return (
    <tr className="detail-row">
      <td colSpan={span}>
        <dl className="record-detail" data-testid="record-detail">
          {children}
        </dl>
      </td>
    </tr>
  );
}

const Item = ({ k, v }: { k: string; v: ReactNode }) => {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t(`console.col.${k}`)}</dt>
      <dd>{v ?? '—'}</dd>
    </>
  );
};

function Opener({ id, label, open, toggle }: { id: string; label: string; open: string | null; toggle: (id: string) => void }) {
  return (
    <button type="button" className="link-button" aria-expanded={open === id} onClick={() => toggle(id)}>
      {label}
    </button>
  );
}

function DisputeRows({ rows }: { rows: Dispute[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Head cols={['site', 'finding', 'status', 'lodgedAt', 'resolvedAt', 'reviewer']} />
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <td>
              <Link href={`/console/disputes/${d.id}`}>{d.site.name}</Link>
            </td>
            <td>{d.finding ? `${d.finding.title}（${t(`severity.${d.finding.severity}`)}）` : t('console.rdrill.siteConflict')}</td>
            <td>
              {t(`disputeStatus.${d.status}`)}
              {d.outcome && ` · ${t(`disputeOutcome.${d.outcome}`)}`}
            </td>
            <td>{fmtDateTime(d.lodgedAt)}</td>
            <td>{d.resolvedAt ? fmtDateTime(d.resolvedAt) : '—'}</td>
            <td>{d.reviewer?.displayName ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </>
  );
}

function TallyRows({ rows, figure, open, toggle }: { rows: Tally[]; figure: Six; open: string | null; toggle: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Head cols={['checkpoint', 'shiftDate', figure, 'filedBy', 'createdAt']} />
      <tbody>
        {rows.flatMap((r) => [
          <tr key={r.id} className={r.warnings.length ? 'warn' : ''}>
            <td>
              <Opener id={r.id} label={r.checkpoint.name} open={open} toggle={toggle} />
            </td>
            <td>
              {r.shiftDate} {t(`console.shift.${r.shift}`)}
            </td>
            <td className="num">{r[figure]}</td>
            <td>{r.filedBy.displayName}</td>
            <td>{fmtDateTime(r.createdAt)}</td>
          </tr>,
          open === r.id && (
            <Detail key={`${r.id}-d`} span={5}>
              {SIX.map((k) => (
                <Item key={k} k={k} v={r[k]} />
              ))}
              <Item k="officers" v={r.officersOnDuty.map((o) => `${o.name}${o.isLeader ? `（${t('console.rdrill.leader')}）` : ''}`).join('、') || null} />
              <Item k="warnings" v={r.warnings.join('；') || null} />
              <Item k="notes" v={r.notes} />
              <Item k="correctionReason" v={r.correctionReason} />
            </Detail>
          ),
        ])}
      </tbody>
    </>
  );
}

function RecordRows({ rows, open, toggle }: { rows: Record_[]; open: string | null; toggle: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Head cols={['externalRef', 'person', 'status', 'unit', 'receivedAt', 'feedbackDue']} />
      <tbody>
        {rows.flatMap((r) => [
          <tr key={r.id} className={r.overdue ? 'warn' : ''}>
            <td>
              <Opener id={r.id} label={r.externalRef} open={open} toggle={toggle} />
            </td>
            <td>{r.personName}</td>
            <td>{r.needsVerification ? t(`console.vstatus.${r.status}`) : t('console.rdrill.forInformation')}</td>
            <td>{r.routedUnit?.name ?? '—'}</td>
            <td>{fmtDateTime(r.receivedAt)}</td>
            <td>{r.deadline ? fmtDateTime(r.deadline) : '—'}</td>
          </tr>,
          open === r.id && (
            <Detail key={`${r.id}-d`} span={6}>
              <Item k="reason" v={r.reason} />
              <Item k="idNumber" v={r.idNumberMasked} />
              <Item k="phone" v={r.phoneMasked} />
              <Item k="result" v={r.result ? t(`console.vresult.${r.result}`) : null} />
              <Item k="resultNotes" v={r.resultNotes} />
              <Item k="answeredAt" v={r.answeredAt ? fmtDateTime(r.answeredAt) : null} />
              <Item k="createdAt" v={fmtDateTime(r.createdAt)} />
            </Detail>
          ),
        ])}
      </tbody>
    </>
  );
}

function DeliveryRows({ rows, open, toggle }: { rows: Delivery[]; open: string | null; toggle: (id: string) => void }) {
  return (
    <>
      <Head cols={['supplyItem', 'site', 'quantity', 'deliveredAt', 'recordedBy']} />
      <tbody>
        {rows.flatMap((r) => [
          <tr key={r.id}>
            <td>
              <Opener id={r.id} label={r.item.name} open={open} toggle={toggle} />
            </td>
            <td>{r.site.name}</td>
            <td className="num">
              {r.quantity} {r.item.unitZh}
            </td>
            <td>{fmtDateTime(r.deliveredAt)}</td>
            <td>{r.recordedBy.displayName}</td>
          </tr>,
          open === r.id && (
            <Detail key={`${r.id}-d`} span={5}>
              <Item k="district" v={r.site.district} />
              <Item k="notes" v={r.notes} />
              <Item k="createdAt" v={fmtDateTime(r.createdAt)} />
            </Detail>
          ),
        ])}
      </tbody>
    </>
  );
}
