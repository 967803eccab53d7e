import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ConsoleAuditDocument, ConsoleDisputesDocument, ConsoleVerifyChainDocument, type AuditEventFilter } from './graphql/__generated__/graphql';
import { useSession } from '../hooks';
import { Section } from '../ui/components';
import { fmtDateTime } from '../ui/format';
import { ConsoleError } from './ConsoleError';
import { addDays, dayStart, useQuery } from './data';
import { Pager } from './Pager';

type DisputeRow = NonNullable<ReturnType<typeof useQuery<import('./graphql/__generated__/graphql').ConsoleDisputesQuery, unknown>>['data']>['disputes']['nodes'][number];

function DisputeTable({ rows, testId }: { rows: DisputeRow[]; testId: string }) {
  const { t } = useTranslation();
  if (!rows.length) return <p className="hint">{t('console.reviewer.none')}</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('console.col.site')}</th>
          <th scope="col">{t('console.col.finding')}</th>
          <th scope="col">{t('console.col.status')}</th>
          <th scope="col">{t('console.col.lodgedAt')}</th>
          <th scope="col">{t('console.col.due')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} className={d.overdue ? 'warn' : ''}>
            <td>
              <Link href={`/console/disputes/${d.id}`}>{d.site.name}</Link>
            </td>
            <td>
              {d.finding ? (
                <>
                  <span className={`badge sev-${d.finding.severity}`}>{t(`severity.${d.finding.severity}`)}</span> {d.finding.title}
                </>
              ) : (
                '—'
              )}
            </td>
            <td>{t(`disputeStatus.${d.status}`)}</td>
            <td>{fmtDateTime(d.lodgedAt)}</td>
            <td>{fmtDateTime(d.resolutionDueAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The reviewer's desk: disputes assigned to me, and those awaiting assignment. */
export function ReviewerDesk() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session?.account.id ?? '';
  const mine = useQuery(ConsoleDisputesDocument, { filter: { reviewerId: me, status: ['LODGED', 'UNDER_REVIEW'], kind: 'FINDING' }, first: 100 }, `mine:${me}`);
  const waiting = useQuery(ConsoleDisputesDocument, { filter: { status: ['LODGED'], kind: 'FINDING' }, first: 100 }, 'waiting');
  const decided = useQuery(ConsoleDisputesDocument, { filter: { reviewerId: me, status: ['RESOLVED'], kind: 'FINDING' }, first: 20 }, `decided:${me}`);
  return (
    <main className="console-main">
      <h1>{t('console.reviewer.title')}</h1>
      <Section title={t('console.reviewer.mine', { count: mine.data?.disputes.totalCount ?? 0 })}>
        <ConsoleError error={mine.error} />
        {mine.data && <DisputeTable testId="my-disputes" rows={mine.data.disputes.nodes} />}
      </Section>
      <Section title={t('console.reviewer.waiting', { count: waiting.data?.disputes.nodes.filter((d) => !d.reviewer).length ?? 0 })}>
        <ConsoleError error={waiting.error} />
        {waiting.data && <DisputeTable testId="waiting-disputes" rows={waiting.data.disputes.nodes.filter((d) => !d.reviewer)} />}
      </Section>
      <Section title={t('console.reviewer.decided')}>
        {decided.data && <DisputeTable testId="decided-disputes" rows={decided.data.disputes.nodes} />}
      </Section>
    </main>
  );
}

/** The audit trail with filters, and the chain's verification on request. */
export function AuditTrail() {
  const { t } = useTranslation();
  const [f, setF] = useState({ entityType: '', action: '', entityId: '', from: '', to: '' });
  const [applied, setApplied] = useState(f);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filter: AuditEventFilter = {
    ...(applied.entityType ? { entityType: applied.entityType } : {}),
    ...(applied.action ? { action: applied.action } : {}),
    ...(applied.entityId ? { entityId: applied.entityId } : {}),
    ...(applied.from || applied.to ? { occurredBetween: { ...(applied.from ? { from: dayStart(applied.from).toISOString() } : {}), ...(applied.to ? { to: dayStart(addDays(applied.to, 1)).toISOString() } : {}) } } : {}),
  };
  const after = cursors[cursors.length - 1];
  const events = useQuery(ConsoleAuditDocument, { filter, first: 50, after }, JSON.stringify([applied, after]));
  const [verify, setVerify] = useState(false);
  const chain = useQuery(ConsoleVerifyChainDocument, verify ? {} : null, String(verify));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursors([null]);
    setApplied(f);
  };
  return (
    <main className="console-main">
      <h1>{t('console.audit.title')}</h1>
      <Section title={t('console.audit.chain')}>
        {!verify ? (
          <button type="button" className="button secondary" onClick={() => setVerify(true)}>
            {t('console.audit.verify')}
          </button>
        ) : chain.data ? (
          <div className={chain.data.verifyAuditChain.ok ? 'note' : 'error'} data-testid="chain-result" role="status">
            <strong>{chain.data.verifyAuditChain.ok ? t('console.audit.ok') : t('console.audit.broken')}</strong>
            <div>{t('console.audit.counts', { sealed: chain.data.verifyAuditChain.sealedEvents, unsealed: chain.data.verifyAuditChain.unsealedEvents })}</div>
            <div>
              {t('console.audit.head')} <code>{chain.data.verifyAuditChain.headHash}</code>
            </div>
            {chain.data.verifyAuditChain.problems.map((p, i) => (
              <div key={i}>
                #{p.seq ?? '—'}: {p.problem}
              </div>
            ))}
          </div>
        ) : (
          <>
            <p>{t('common.loading')}</p>
            <ConsoleError error={chain.error} />
          </>
        )}
      </Section>
      <Section title={t('console.audit.events')}>
        <form className="filters" onSubmit={submit} aria-label={t('console.audit.filters')}>
          <label>
            {t('console.audit.entityType')}
            <input value={f.entityType} onChange={(e) => setF({ ...f, entityType: e.target.value })} placeholder="Dispute" />
          </label>
          <label>
            {t('console.audit.action')}
            <input value={f.action} onChange={(e) => setF({ ...f, action: e.target.value })} placeholder="dispute.resolve" />
          </label>
          <label>
            {t('console.audit.entityId')}
            <input value={f.entityId} onChange={(e) => setF({ ...f, entityId: e.target.value })} />
          </label>
          <label>
            {t('console.period.from')}
            <input type="date" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
          </label>
          <label>
            {t('console.period.to')}
            <input type="date" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
          </label>
          <button type="submit" className="button primary">
            {t('console.sites.apply')}
          </button>
        </form>
        <ConsoleError error={events.error} />
        <table className="table" data-testid="audit-events">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('console.audit.when')}</th>
              <th scope="col">{t('console.audit.who')}</th>
              <th scope="col">{t('console.audit.action')}</th>
              <th scope="col">{t('console.audit.entity')}</th>
              <th scope="col">{t('console.audit.changes')}</th>
              <th scope="col">{t('console.audit.sealed')}</th>
            </tr>
          </thead>
          <tbody>
            {events.data?.auditEvents.nodes.map((e) => (
              <tr key={e.id}>
                <td>{e.id}</td>
                <td>{fmtDateTime(e.occurredAt)}</td>
                <td>
                  {e.actorUsername ?? '—'} {e.actorRole && <span className="meta">({e.actorRole})</span>}
                </td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} <span className="meta">{e.entityId.slice(0, 8)}</span>
                </td>
                <td className="changes">{e.changes.map((c) => c.field).join(', ')}</td>
                <td>{e.sealed ? '✓' : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager cursors={cursors} setCursors={setCursors} pageInfo={events.data?.auditEvents.pageInfo} />
      </Section>
    </main>
  );
}
