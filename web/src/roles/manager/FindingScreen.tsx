import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOutbox } from '../../hooks';
import { enqueue, queuePhoto } from '../../offline/outbox';
import { downscalePhoto } from '../../offline/photo';
import { useRead } from '../../offline/reads';
import { PhotoPicker, Section, StateBadge, usePhotoUrls } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';
import { useMySite } from '../my-site';
import { fetchFindings, fetchProfiles, type SiteFinding } from './data';

/** A finding of my site: answer it with a rectification, or contest it within the window. */
export function FindingScreen({ findingId }: { findingId: string }) {
  const { t } = useTranslation();
  const { sites, site } = useMySite();
  const findings = useRead(site ? `findings:${site.id}` : null, () => fetchFindings(site!.id));
  const profiles = useRead('profiles', fetchProfiles);
  const outbox = useOutbox();
  const f = findings.data?.find((x) => x.id === findingId);
  if (!site || !f) return <main className="screen">{findings.loading || sites.loading ? t('common.loading') : t('app.notFound')}</main>;
  const windowDays = profiles.data?.find((p) => p.siteKind === site.kind)?.disputeLodgingWindowDays;
  const lodgeBy = windowDays != null ? new Date(new Date(f.raisedAt).getTime() + windowDays * 86_400_000) : null;
  const queued = (outbox ?? []).filter((i) => i.ref === findingId);
  return (
    <main className="screen">
      <h1>{f.title}</h1>
      <p className="meta">
        <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span> {t(`findingStatus.${f.status}`)}
      </p>
      {f.description && <p>{f.description}</p>}
      <p className={f.overdue ? 'error' : 'meta'}>{f.overdue ? t('finding.overdue') : t('finding.deadline', { time: fmtDateTime(f.deadline) })}</p>
      {queued.length > 0 && (
        <ul className="cards">
          {queued.map((i) => (
            <li key={i.id} className="card row">
              <Link href={`/outbox/${i.id}`}>{t(`outbox.kind.${i.kind}`)}</Link>
              <StateBadge state={i.state} />
            </li>
          ))}
        </ul>
      )}
      {f.status === 'OPEN' && <RectifyForm finding={f} />}
      {(f.status === 'OPEN' || f.status === 'RECTIFICATION_SUBMITTED') && <DisputeForm finding={f} lodgeBy={lodgeBy} />}
    </main>
  );
}

function usePhotos() {
  const [photos, setPhotos] = useState<Record<string, Blob>>({});
  const urls = usePhotoUrls(photos);
  const add = (f: File) =>
    void downscalePhoto(f).then(async (b) => {
      const ref = await queuePhoto(b);
      setPhotos((p) => ({ ...p, [ref]: b }));
    });
  const remove = (ref: string) => setPhotos(({ [ref]: _, ...rest }) => rest);
  return { photos, urls, add, remove, clear: () => setPhotos({}) };
}

function RectifyForm({ finding }: { finding: SiteFinding }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const p = usePhotos();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = crypto.randomUUID();
    await enqueue('submitRectification', key, { idempotencyKey: key, findingId: finding.id, description: text.trim(), evidenceIds: Object.keys(p.photos), version: finding.version }, `${t('outbox.kind.submitRectification')}: ${finding.title}`, finding.id);
    setText('');
    p.clear();
    setSent(true);
  }
  return (
    <Section title={t('finding.rectify')}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('finding.whatWasDone')}
          <textarea required rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <PhotoPicker label={t('finding.photo')} photos={p.urls} onAdd={p.add} onRemove={p.remove} />
        {sent && <p role="status">{t('finding.queued')}</p>}
        <button type="submit" className="button primary" disabled={sent}>
          {t('finding.sendRectification')}
        </button>
      </form>
    </Section>
  );
}

function DisputeForm({ finding, lodgeBy }: { finding: SiteFinding; lodgeBy: Date | null }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState(false);
  const p = usePhotos();
  const closed = lodgeBy !== null && lodgeBy.getTime() < Date.now();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = crypto.randomUUID();
    await enqueue('lodgeDispute', key, { idempotencyKey: key, findingId: finding.id, reason: reason.trim(), evidenceIds: Object.keys(p.photos) }, `${t('outbox.kind.lodgeDispute')}: ${finding.title}`, finding.id);
    setReason('');
    p.clear();
    setSent(true);
  }
  return (
    <Section title={t('finding.dispute')}>
      <p className={closed ? 'error' : 'meta'}>{lodgeBy ? t(closed ? 'finding.windowClosed' : 'finding.lodgeBy', { time: fmtDateTime(lodgeBy.toISOString()) }) : ''}</p>
      <form className="form" onSubmit={submit}>
        <label>
          {t('finding.reason')}
          <textarea required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} disabled={closed} />
        </label>
        <PhotoPicker label={t('finding.evidence')} photos={p.urls} onAdd={p.add} onRemove={p.remove} />
        {sent && <p role="status">{t('finding.queued')}</p>}
        <button type="submit" className="button secondary" disabled={closed || sent}>
          {t('finding.lodge')}
        </button>
      </form>
    </Section>
  );
}
