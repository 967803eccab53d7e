import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOutbox, useSession } from './hooks';
import { dismiss, drain, type FiledInspection, type OutboxItem, type RecordedEntry } from './offline/outbox';
import { ErrorNote, StateBadge } from './ui/components';
import { fmtDateTime } from './ui/format';
import { InspectionNotice } from './roles/notice/NoticesScreen';

export function OutboxScreen() {
  const { t } = useTranslation();
  const items = useOutbox();
  const { session } = useSession();
  const mine = (items ?? []).filter((i) => i.username === session?.account.username).reverse();
  return (
    <main className="screen">
      <h1>{t('outbox.title')}</h1>
      <p className="hint">{t('outbox.explain')}</p>
      <button type="button" className="button secondary" onClick={() => void drain()}>
        {t('outbox.syncNow')}
      </button>
      {mine.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <ul className="cards">
          {mine.map((i) => (
            <li key={i.id} className="card">
              <OutboxRow item={i} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="row">
        <Link href={`/outbox/${item.id}`}>{item.title}</Link>
        <StateBadge state={item.state} />
      </div>
      <div className="meta">
        {t(`outbox.kind.${item.kind}`)} · {fmtDateTime(item.createdAt)}
      </div>
      {item.state === 'refused' && item.error && (
        <>
          <ErrorNote code={item.error.code} field={item.error.field} />
          <button type="button" className="button secondary" onClick={() => void dismiss(item.seq!)}>
            {t('outbox.dismiss')}
          </button>
        </>
      )}
      {item.state === 'waiting' && item.error && <p className="meta">{t('outbox.willRetry')}</p>}
    </>
  );
}

/** One queued write: where it stands, and once sent what the hub made of it. */
export function OutboxItemScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const items = useOutbox();
  if (!items) return null;
  const item = items.find((i) => i.id === id);
  if (!item)
    return (
      <main className="screen">
        <p>{t('app.notFound')}</p>
      </main>
    );
  return (
    <main className="screen">
      <h1>{item.title}</h1>
      <p>
        <StateBadge state={item.state} /> {t(`outbox.stateHelp.${item.state}`)}
      </p>
      {item.state === 'refused' && item.error && <ErrorNote code={item.error.code} field={item.error.field} />}
      {item.state === 'done' && item.kind === 'fileInspection' && <InspectionResult result={item.result as FiledInspection} />}
      {item.state === 'done' && item.kind === 'fileInspection' && (item.result as FiledInspection).findings.length > 0 && <InspectionNotice inspectionId={(item.result as FiledInspection).id} />}
      {item.state === 'done' && (item.kind === 'recordDisinfection' || item.kind === 'correctDisinfection') && <EntryWarnings entry={item.result as RecordedEntry} />}
      <Link href="/" className="button secondary">
        {t('app.home')}
      </Link>
    </main>
  );
}

export function InspectionResult({ result }: { result: FiledInspection }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-label={t('inspect.result.title')}>
      <h2>{t('inspect.result.title')}</h2>
      <dl className="facts">
        <dt>{t('inspect.result.score')}</dt>
        <dd data-testid="score">{result.score ?? '—'}</dd>
        <dt>{t('inspect.result.outcome')}</dt>
        <dd data-testid="outcome" className={`outcome-${result.outcome}`}>
          {result.outcome ? t(`outcome.${result.outcome}`) : '—'}
        </dd>
        <dt>{t('inspect.result.passMark')}</dt>
        <dd>{result.passMark ?? '—'}</dd>
      </dl>
      <h3>{t('inspect.result.findings', { count: result.findings.length })}</h3>
      <ul className="cards">
        {result.findings.map((f) => (
          <li key={f.id} className="card">
            <div className="row">
              <span>{f.title}</span>
              <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
            </div>
            <div className="meta">{t('finding.deadline', { time: fmtDateTime(f.deadline) })}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EntryWarnings({ entry }: { entry: RecordedEntry | undefined }) {
  const { t } = useTranslation();
  if (!entry?.warnings.length) return null;
  return (
    <ul className="warnings" aria-label={t('staff.warnings')}>
      {entry.warnings.map((w) => (
        <li key={w.code}>⚠ {t(`warning.${w.code}`, { defaultValue: w.code })}</li>
      ))}
    </ul>
  );
}
