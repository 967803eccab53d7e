import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ConcentrationUnit, DisinfectionAgent, DisinfectionMethod } from '../../graphql/__generated__/graphql';
import { useOutbox } from '../../hooks';
import { enqueue, queuePhoto, type RecordedEntry } from '../../offline/outbox';
import { downscalePhoto } from '../../offline/photo';
import { useRead } from '../../offline/reads';
import { EntryWarnings } from '../../OutboxScreen';
import { ErrorNote, PhotoPicker, Stale, StateBadge, usePhotoUrls } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';
import { sessionStore } from '../../offline/session';
import { fetchAreas, fetchEntriesSince } from '../site-data';

const AGENTS: DisinfectionAgent[] = ['CHLORINE', 'ALCOHOL', 'PERACETIC_ACID', 'QUATERNARY_AMMONIUM', 'UV', 'OTHER'];
const METHODS: DisinfectionMethod[] = ['SPRAY', 'WIPE', 'SOAK', 'FUMIGATION', 'UV'];
type LogEntry = Awaited<ReturnType<typeof fetchEntriesSince>>[number];

/**
 * How far back the recent entries (to check and correct) reach: a day, not "since midnight", so
 * the night shift still sees at 00:10 what it logged at 23:50.
 */
const RECENT_MS = 24 * 3_600_000;

const UNIT: Record<DisinfectionAgent, ConcentrationUnit> = { CHLORINE: 'MG_PER_L', ALCOHOL: 'PERCENT', PERACETIC_ACID: 'PERCENT', QUATERNARY_AMMONIUM: 'MG_PER_L', UV: 'MW_PER_CM2', OTHER: 'MG_PER_L' };

/** One disinfection entry: area, agent, method (taps), concentration and minutes (numbers), a photo. */
export function RecordDisinfection({ siteId, siteName }: { siteId: string; siteName: string }) {
  const { t } = useTranslation();
  const areas = useRead(`areas:${siteId}`, () => fetchAreas(siteId));
  const outbox = useOutbox();
  const [area, setArea] = useState('');
  const [agent, setAgent] = useState<DisinfectionAgent>('CHLORINE');
  const [method, setMethod] = useState<DisinfectionMethod>('SPRAY');
  const [concentration, setConcentration] = useState('');
  const [duration, setDuration] = useState('');
  const [photos, setPhotos] = useState<Record<string, Blob>>({});
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  /** The entry being corrected (the form is prefilled with it and asks for a reason). */
  const [correcting, setCorrecting] = useState<LogEntry | null>(null);
  const [reason, setReason] = useState('');
  const urls = usePhotoUrls(photos);
  // One key for the site, so the device shows the last list it fetched when offline.
  const entries = useRead(`entries:${siteId}:recent`, () => fetchEntriesSince(siteId, new Date(Date.now() - RECENT_MS).toISOString()));
  const session = sessionStore.get().session;
  // Staff correct their own entries; a manager any entry of the site (the hub enforces it too).
  const mine = (entries.data ?? [])
    .filter((e) => session?.account.role !== 'FACILITY_STAFF' || e.recordedBy?.username === session.account.username)
    .slice()
    .reverse();
  const pendingCorrections = new Set(
    (outbox ?? []).filter((i) => i.kind === 'correctDisinfection' && (i.state === 'waiting' || i.state === 'sending')).map((i) => i.input.correctsId as string),
  );

  function startCorrection(e: LogEntry) {
    setCorrecting(e);
    setArea(e.area);
    setAgent(e.agent);
    setMethod(e.method);
    setConcentration(e.concentration == null ? '' : String(e.concentration));
    setDuration(String(e.durationMinutes));
    setPhotos({});
    setReason('');
    setInvalid(false);
    setSaved(false);
    window.scrollTo({ top: 0 });
  }

  function reset() {
    setCorrecting(null);
    setReason('');
    setArea('');
    setConcentration('');
    setDuration('');
    setPhotos({});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const key = crypto.randomUUID();
    if (!area || duration === '' || (agent !== 'UV' && concentration === '')) return setInvalid(true);
    if (correcting && !reason.trim()) return setInvalid(true);
    setInvalid(false);
    const unit = UNIT[agent];
    const title = `${t(`area.${area}`, { defaultValue: area })} · ${siteName}`;
    if (correcting) {
      await enqueue(
        'correctDisinfection',
        key,
        {
          idempotencyKey: key,
          correctsId: correcting.id,
          reason: reason.trim(),
          area,
          agent,
          method,
          concentration: concentration === '' ? null : Number(concentration),
          concentrationUnit: concentration === '' ? 'NONE' : unit,
          durationMinutes: Number(duration),
          // The work happened when it happened: a correction keeps the start time.
          startedAt: correcting.startedAt,
          evidenceIds: [...correcting.evidence.map((a) => a.id), ...Object.keys(photos)],
        },
        t('staff.correctionOf', { title }),
        siteId,
      );
      reset();
      setSaved(true);
      return;
    }
    await enqueue(
      'recordDisinfection',
      key,
      {
        idempotencyKey: key,
        siteId,
        area,
        agent,
        method,
        concentration: concentration === '' ? null : Number(concentration),
        concentrationUnit: concentration === '' ? 'NONE' : unit,
        durationMinutes: Number(duration),
        startedAt: new Date(Date.now() - Number(duration) * 60_000).toISOString(),
        evidenceIds: Object.keys(photos),
      },
      title,
      siteId,
    );
    reset();
    setSaved(true);
  }

  const recent = (outbox ?? []).filter((i) => (i.kind === 'recordDisinfection' || i.kind === 'correctDisinfection') && i.ref === siteId).slice(-5).reverse();
  return (
    <>
      <form className="form" onSubmit={submit} aria-label={t('staff.formLabel')}>
        {correcting && (
          <p className="note" role="status">
            {t('staff.correcting', { area: t(`area.${correcting.area}`, { defaultValue: correcting.area }), time: fmtDateTime(correcting.startedAt) })}
          </p>
        )}
        <Stale since={areas.staleSince} />
        {areas.error && !areas.data && <ErrorNote code={areas.error} />}
        <fieldset>
          <legend>{t('staff.area')}</legend>
          <div className="choices">
            {(areas.data ?? []).map((a) => (
              <label key={a.area} className={`choice${area === a.area ? ' checked' : ''}`}>
                <input type="radio" name="area" value={a.area} checked={area === a.area} onChange={() => setArea(a.area)} />
                <span>
                  {t(`area.${a.area}`, { defaultValue: a.area })}
                  <small className={a.overdue ? 'warn' : ''}>{a.overdue ? t('staff.areaDue') : t('staff.areaNext', { time: fmtDateTime(a.nextDueAt) })}</small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('staff.agent')}</legend>
          <div className="choices">
            {AGENTS.map((a) => (
              <label key={a} className={`choice${agent === a ? ' checked' : ''}`}>
                <input type="radio" name="agent" value={a} checked={agent === a} onChange={() => setAgent(a)} />
                <span>{t(`agent.${a}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('staff.method')}</legend>
          <div className="choices">
            {METHODS.map((m) => (
              <label key={m} className={`choice${method === m ? ' checked' : ''}`}>
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
                <span>{t(`method.${m}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="two">
          <label>
            {t('staff.concentration', { unit: t(`unit.${UNIT[agent]}`) })}
            <input name="concentration" type="number" inputMode="decimal" step="any" min="0" value={concentration} onChange={(e) => setConcentration(e.target.value)} />
          </label>
          <label>
            {t('staff.duration')}
            <input name="duration" type="number" inputMode="numeric" min="0" step="1" value={duration} onChange={(e) => setDuration(e.target.value)} />
          </label>
        </div>
        <PhotoPicker
          label={t('staff.photo')}
          photos={urls}
          onAdd={(f) =>
            void downscalePhoto(f).then(async (b) => {
              const ref = await queuePhoto(b);
              setPhotos((p) => ({ ...p, [ref]: b }));
            })
          }
          onRemove={(ref) => setPhotos(({ [ref]: _, ...rest }) => rest)}
        />
        {correcting && (
          <label>
            {t('staff.reason')}
            <textarea name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        {invalid && <p className="error" role="alert">{t(correcting && !reason.trim() && area && duration !== '' ? 'staff.reasonRequired' : 'staff.incomplete')}</p>}
        {saved && !invalid && (
          <p className="note" role="status">
            {t('staff.saved')}
          </p>
        )}
        <button type="submit" className="button primary">
          {correcting ? t('staff.saveCorrection') : t('staff.save')}
        </button>
        {correcting && (
          <button type="button" className="button secondary" onClick={() => (reset(), setInvalid(false))}>
            {t('staff.cancelCorrection')}
          </button>
        )}
      </form>
      {recent.length > 0 && (
        <section className="section" aria-label={t('staff.recent')}>
          <h2>{t('staff.recent')}</h2>
          <ul className="cards">
            {recent.map((i) => (
              <li key={i.id} className="card" data-testid="entry">
                <div className="row">
                  <Link href={`/outbox/${i.id}`}>{i.title}</Link>
                  <StateBadge state={i.state} />
                </div>
                <div className="meta">{fmtDateTime(i.createdAt)}</div>
                {i.state === 'done' && <EntryWarnings entry={i.result as RecordedEntry} />}
                {i.state === 'refused' && i.error && <ErrorNote code={i.error.code} field={i.error.field} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      {mine.length > 0 && (
        <section className="section" aria-label={t('staff.lastDay')}>
          <h2>{t('staff.lastDay')}</h2>
          <Stale since={entries.staleSince} />
          <ul className="cards">
            {mine.map((e) => (
              <li key={e.id} className="card" data-testid="logged-entry">
                <div className="row">
                  <strong>{t(`area.${e.area}`, { defaultValue: e.area })}</strong>
                  {!e.effective ? (
                    <span className="badge state-refused">{t('staff.superseded')}</span>
                  ) : e.corrects ? (
                    <span className="badge state-done">{t('staff.correction')}</span>
                  ) : null}
                </div>
                <div className="meta">
                  {fmtDateTime(e.startedAt)} · {t(`agent.${e.agent}`)} · {e.concentration == null ? '' : `${e.concentration} ${t(`unit.${e.concentrationUnit}`)} · `}
                  {t('staff.minutes', { count: e.durationMinutes })}
                  {e.recordedBy && session?.account.role !== 'FACILITY_STAFF' ? ` · ${e.recordedBy.displayName}` : ''}
                </div>
                {e.correctionReason && <div className="meta">{t('staff.reasonShown', { reason: e.correctionReason })}</div>}
                {e.effective &&
                  (pendingCorrections.has(e.id) ? (
                    <span className="badge state-waiting">{t('staff.correctionWaiting')}</span>
                  ) : (
                    <button type="button" className="button secondary" onClick={() => startCorrection(e)}>
                      {t('staff.correct')}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
