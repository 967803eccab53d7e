import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useRead } from '../../offline/reads';
import { useOutbox } from '../../hooks';
import { ErrorNote, Stale, StateBadge } from '../../ui/components';
import { fmtDate, fmtDateTime } from '../../ui/format';
import { fetchDue, prefetchForOffline } from './data';

const RISK_ORDER = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 } as Record<string, number>;

/** Today: the sites due for my teams, highest risk and most overdue first. */
export function TodayScreen() {
  const { t } = useTranslation();
  const due = useRead('due', fetchDue);
  const outbox = useOutbox();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (due.data && !due.staleSince) void prefetchForOffline(due.data).then(() => setReady(true));
  }, [due.data, due.staleSince]);
  const list = [...(due.data ?? [])].sort((a, b) => (RISK_ORDER[a.site.riskLevel] ?? 9) - (RISK_ORDER[b.site.riskLevel] ?? 9) || b.daysOverdue - a.daysOverdue || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  return (
    <main className="screen">
      <div className="row">
        <h1>{t('today.title')}</h1>
        <div className="actions">
          <Link href="/follow-up" className="button secondary">
            {t('followUp.title')}
          </Link>
          <Link href="/notices" className="button secondary">
            {t('notice.list')}
          </Link>
        </div>
      </div>
      <Stale since={due.staleSince} />
      {ready && (
        <p className="ok" role="status">
          {t('today.readyOffline')}
        </p>
      )}
      {due.error && !due.data && <ErrorNote code={due.error} />}
      {due.loading && !due.data && <p>{t('common.loading')}</p>}
      {due.data && list.length === 0 && <p>{t('today.none')}</p>}
      <ul className="cards">
        {list.map((e) => {
          const queued = outbox?.filter((i) => i.kind === 'fileInspection' && i.ref === e.site.id).at(-1);
          return (
            <li key={e.site.id} className="card">
              <div className="row">
                <h2 className="card-title">{e.site.name}</h2>
                <span className={`badge risk-${e.site.riskLevel}`}>{t(`risk.${e.site.riskLevel}`)}</span>
              </div>
              <div className="meta">{e.site.address}</div>
              <div className="meta">
                {e.daysOverdue > 0 ? t('today.overdue', { count: e.daysOverdue }) : e.dueAt ? t('today.dueAt', { time: fmtDateTime(e.plannedInspection?.dueAt ?? e.dueAt) }) : t('today.neverInspected')}
                {e.lastInspectedAt && ` · ${t('today.last', { date: fmtDate(e.lastInspectedAt) })}`}
              </div>
              {e.openFindings.length > 0 && <div className="meta warn">{t('today.openFindings', { count: e.openFindings.length })}</div>}
              {e.plannedInspection && <div className="meta">{t('today.planned', { team: e.plannedInspection.team.name })}</div>}
              {queued && (
                <div className="row">
                  <Link href={`/outbox/${queued.id}`}>{t('today.filed')}</Link>
                  <StateBadge state={queued.state} />
                </div>
              )}
              {(!queued || queued.state === 'refused') && (
                <Link href={`/inspect/${e.site.id}`} className="button primary">
                  {t('today.inspect')}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}
