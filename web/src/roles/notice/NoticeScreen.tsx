import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOnline, useOutbox, useSession } from '../../hooks';
import { enqueue, type OutboxItem } from '../../offline/outbox';
import { useRead } from '../../offline/reads';
import { ErrorNote, Section, Stale } from '../../ui/components';
import { fmtDateTime, TIME_ZONE } from '../../ui/format';
import { chooseSite } from '../my-site';
import { fetchNotice, openPrintable, type Notice, type NoticeStatus } from './data';

/**
 * The rectification notice (整改通知书) of one inspection, rendered in the app from the stored
 * inspection in the user's language (readable on a phone, offline once opened), with the hub's
 * printable page one tap away. The site's facility manager acknowledges it here, through the
 * outbox like every write; the inspection's team sees whether (who, when) the site has.
 */
export function NoticeScreen({ inspectionId }: { inspectionId: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  // The hub's rule (access.ts mayReadRectificationNotice): the site's manager and the inspection's
  // team in the field app; staff never see notices, so their app does not ask.
  const mayRead = session?.account.role === 'FACILITY_MANAGER' || session?.account.role === 'INSPECTOR';
  const notice = useRead(mayRead ? `notice:${inspectionId}` : null, () => fetchNotice(inspectionId));
  const n = mayRead ? notice.data : null;
  if (!n)
    return (
      <main className="screen">
        {notice.error ? <ErrorNote code={notice.error} /> : <p>{mayRead && notice.loading ? t('common.loading') : t('app.notFound')}</p>}
      </main>
    );
  return (
    <main className="screen notice">
      <h1>{t('notice.title')}</h1>
      <p className="meta">{noticeNumber(n, t)}</p>
      <Stale since={notice.staleSince} />
      <AckStatus notice={n} />
      <NoticeBody notice={n} />
      <Acknowledge notice={n} />
      <Printable url={n.rectificationNotice!.url} />
    </main>
  );
}

/** Its number as on the printed page: 整改〔YYYYMMDD〕<first 8 hex digits>号 (Beijing date). */
function noticeNumber(n: Notice, t: (key: string, o: Record<string, string>) => string): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(n.submittedAt ?? n.rectificationNotice!.issuedAt)).replace(/-/g, '');
  return t('notice.number', { date, id: n.id.slice(0, 8) });
}

/** The acknowledgement items this account queued for the notice, newest last. */
export function useAckItems(inspectionId: string): OutboxItem[] {
  const outbox = useOutbox();
  const { session } = useSession();
  return (outbox ?? []).filter((i) => i.kind === 'acknowledgeRectificationNotice' && i.ref === inspectionId && i.username === session?.account.username);
}

/**
 * Who acknowledged and when: the hub's answer, or the one a synced outbox item brought back
 * before the read refreshed; or that an acknowledgement waits on this device; or none yet.
 */
export function AckLine({ status, items }: { status: NoticeStatus; items: OutboxItem[] }) {
  const { t } = useTranslation();
  const synced = items.find((i) => i.state === 'done')?.result as { rectificationNotice?: NoticeStatus | null } | undefined;
  const s = status.acknowledgedAt ? status : synced?.rectificationNotice?.acknowledgedAt ? synced.rectificationNotice : status;
  const pending = items.find((i) => i.state === 'waiting' || i.state === 'sending');
  if (s.acknowledgedAt)
    return (
      <span className="ok" data-testid="notice-ack">
        ✓ {t('notice.acknowledged', { name: s.acknowledgedBy?.displayName ?? '—', time: fmtDateTime(s.acknowledgedAt) })}
      </span>
    );
  if (pending)
    return (
      <span className="warn" data-testid="notice-ack">
        {t('notice.ackQueued', { time: fmtDateTime(pending.createdAt) })}
      </span>
    );
  return (
    <span className="warn" data-testid="notice-ack">
      {t('notice.notAcknowledged')}
    </span>
  );
}

/** Where the acknowledgement stands, at the top of the notice. */
function AckStatus({ notice }: { notice: Notice }) {
  const items = useAckItems(notice.id);
  return (
    <p role="status" className="ack-status">
      <AckLine status={notice.rectificationNotice!} items={items} />
    </p>
  );
}

/** The site's manager acknowledges once it has read the notice: through the outbox, offline too. */
function Acknowledge({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const online = useOnline();
  const { session } = useSession();
  const items = useAckItems(notice.id);
  const status = notice.rectificationNotice!;
  const refused = items.filter((i) => i.state === 'refused').at(-1);
  // One acknowledgement per notice from this device: once queued (or synced) the button goes.
  const asked = items.some((i) => i.state !== 'refused');
  if (session?.account.role !== 'FACILITY_MANAGER' || status.acknowledgedAt || asked) return null;
  async function acknowledge() {
    const key = crypto.randomUUID();
    await enqueue('acknowledgeRectificationNotice', key, { inspectionId: notice.id }, `${t('outbox.kind.acknowledgeRectificationNotice')}: ${notice.site.name}`, notice.id);
  }
  return (
    <Section title={t('notice.ackTitle')}>
      {refused?.error && <ErrorNote code={refused.error.code} field={refused.error.field} />}
      <p className="hint">{t('notice.ackHint')}</p>
      {!online && <p className="note">{t('notice.ackOffline')}</p>}
      <button type="button" className="button primary wide" onClick={() => void acknowledge()}>
        {t('notice.acknowledge')}
      </button>
    </Section>
  );
}

/** The notice itself: to whom, what the team found, by when, and how to answer. */
function NoticeBody({ notice: n }: { notice: Notice }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const manager = session?.account.role === 'FACILITY_MANAGER';
  const members = [...n.members].sort((a, b) => Number(b.isLeader) - Number(a.isLeader));
  return (
    <>
      <p>
        <strong>{t('notice.to', { site: n.site.name, address: n.site.address, district: n.site.district })}</strong>
      </p>
      <p>{t('notice.intro', { time: fmtDateTime(n.submittedAt), outcome: n.outcome ? t(`outcome.${n.outcome}`) : '—' })}</p>
      <p className="meta">{t('notice.team', { team: n.team.name })}</p>
      {members.length > 0 && (
        <ul className="meta members" aria-label={t('notice.inspectors')}>
          {members.map((m) => (
            <li key={m.account.id}>
              {m.account.displayName}
              {m.agency && ` · ${m.agency.name}`}
              {m.isLeader && ` · ${t('notice.leader')}`}
            </li>
          ))}
        </ul>
      )}
      <Section title={t('notice.findingsTitle')}>
        <ol className="cards notice-findings">
          {n.findings.map((f, i) => (
            <li key={f.id} className={`card${f.overdue ? ' overdue' : ''}`} aria-label={f.title}>
              <div className="row">
                <strong>
                  {i + 1}. {f.title}
                </strong>
                <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
              </div>
              {f.description && <p>{f.description}</p>}
              {f.legalBasis && <p className="meta">{t('notice.basis', { text: f.legalBasis })}</p>}
              <p className={f.overdue ? 'warn' : 'deadline'} data-testid="notice-deadline">
                {f.overdue ? `${t('finding.overdue')} · ` : ''}
                {t('finding.deadline', { time: fmtDateTime(f.deadline) })}
              </p>
              <p className="meta">{t('notice.status', { status: t(`findingStatus.${f.status}`) })}</p>
              {manager && (f.status === 'OPEN' || f.status === 'RECTIFICATION_SUBMITTED' || f.status === 'DISPUTED') && (
                <Link href={`/findings/${f.id}`} onClick={() => chooseSite(n.site.id)}>
                  {t('notice.answer')} →
                </Link>
              )}
            </li>
          ))}
        </ol>
      </Section>
      <Section title={t('notice.howTitle')}>
        <ol className="how">
          <li>{t('notice.how1')}</li>
          <li>{t('notice.how2')}</li>
          <li>{t('notice.how3')}</li>
        </ol>
      </Section>
    </>
  );
}

/** The hub's printable page (Chinese with English), fetched with the token; online only. */
function Printable({ url }: { url: string }) {
  const { t } = useTranslation();
  const online = useOnline();
  const [failed, setFailed] = useState(false);
  return (
    <div className="section">
      {failed && <ErrorNote code="NETWORK" />}
      {!online && <p className="note">{t('notice.printOffline')}</p>}
      <button type="button" className="button secondary wide" disabled={!online} onClick={() => void openPrintable(url).then((ok) => setFailed(!ok))}>
        {t('notice.print')}
      </button>
    </div>
  );
}
