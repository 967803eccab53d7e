import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { request } from '../../api';
import { RectificationsToReviewDocument, type RectificationsToReviewQuery } from '../../graphql/__generated__/graphql';
import { useOutbox } from '../../hooks';
import { enqueue } from '../../offline/outbox';
import { useRead } from '../../offline/reads';
import { sessionStore } from '../../offline/session';
import { AuthImage } from '../../ui/AuthImage';
import { ErrorNote, Stale, StateBadge } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';

type Waiting = RectificationsToReviewQuery['findings']['nodes'][number];
const fetchWaiting = () => request(RectificationsToReviewDocument, {}, sessionStore.get().session?.token).then((r) => r.findings.nodes);

/** Follow up: rectifications waiting for my teams, with the site's photos; verify or reject with a reason. */
export function FollowUpScreen() {
  const { t } = useTranslation();
  const list = useRead('followUp', fetchWaiting);
  return (
    <main className="screen">
      <h1>{t('followUp.title')}</h1>
      <Stale since={list.staleSince} />
      {list.error && !list.data && <ErrorNote code={list.error} />}
      {list.data?.length === 0 && <p>{t('followUp.none')}</p>}
      <ul className="cards">
        {(list.data ?? []).map((f) => (
          <li key={f.id} className="card">
            <Review finding={f} />
          </li>
        ))}
      </ul>
    </main>
  );
}

function Review({ finding }: { finding: Waiting }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const rect = finding.rectifications.filter((r) => r.status === 'SUBMITTED').at(-1);
  const queued = (outbox ?? []).filter((i) => i.ref === finding.id && (i.kind === 'verifyRectification' || i.kind === 'rejectRectification')).at(-1);
  const decide = async (kind: 'verifyRectification' | 'rejectRectification') => {
    const key = crypto.randomUUID();
    const input = kind === 'verifyRectification' ? { findingId: finding.id, version: finding.version } : { findingId: finding.id, version: finding.version, reason: reason.trim() };
    await enqueue(kind, key, input, `${t(`outbox.kind.${kind}`)}: ${finding.title}`, finding.id);
  };
  return (
    <article aria-label={finding.title}>
      <div className="row">
        <h2 className="card-title">{finding.title}</h2>
        <span className={`badge sev-${finding.severity}`}>{t(`severity.${finding.severity}`)}</span>
      </div>
      <div className="meta">
        {finding.site.name} · {t('finding.deadline', { time: fmtDateTime(finding.deadline) })}
      </div>
      {rect && (
        <>
          <p>{rect.description}</p>
          <div className="meta">{t('followUp.submitted', { time: fmtDateTime(rect.submittedAt) })}</div>
          <ul className="thumbs">
            {rect.evidence.map((e, i) => (
              <li key={e.id}>
                <AuthImage url={e.url} alt={t('common.photoN', { n: i + 1 })} />
              </li>
            ))}
          </ul>
        </>
      )}
      {queued ? (
        <div className="row">
          <Link href={`/outbox/${queued.id}`}>{t(`outbox.kind.${queued.kind}`)}</Link>
          <StateBadge state={queued.state} />
        </div>
      ) : (
        <>
          {rejecting && (
            <label className="small-label">
              {t('followUp.reason')}
              <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          <div className="actions">
            {!rejecting && (
              <button type="button" className="button primary" onClick={() => void decide('verifyRectification')}>
                {t('followUp.verify')}
              </button>
            )}
            <button type="button" className="button secondary" disabled={rejecting && !reason.trim()} onClick={() => (rejecting ? void decide('rejectRectification') : setRejecting(true))}>
              {rejecting ? t('followUp.sendReject') : t('followUp.reject')}
            </button>
          </div>
        </>
      )}
    </article>
  );
}
