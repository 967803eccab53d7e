import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { getKv, putKv, readCache } from '../../offline/db';
import { enqueue, photoBlob, queuePhoto } from '../../offline/outbox';
import { downscalePhoto } from '../../offline/photo';
import { PhotoPicker, Stale, usePhotoUrls } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';
import { loadChecklist, loadProfiles, loadTeams, versionFor, type Checklist, type ChecklistItem, type DueEntry, type Profile } from './data';

/** What the inspector has entered for one item so far (kept on the device as they go). */
interface Draft {
  na?: boolean;
  yes?: boolean;
  number?: string;
  choice?: string;
  text?: string;
  note?: string;
  photos: string[];
}
interface StartLocation {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}
interface Visit {
  startedAt: string;
  /** Where the device was at the start: undefined while asking, null when the browser could not tell (denied, unavailable, timed out). */
  startLocation?: StartLocation | null;
  answers: Record<string, Draft>;
}

/**
 * The device's position now, if the browser allows and has a fix within 15 s; null otherwise
 * (never an error). The 30 s guard also covers a permission prompt nobody answers.
 */
function locate(): Promise<StartLocation | null> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) return resolve(null);
    window.setTimeout(() => resolve(null), 30_000);
    navigator.geolocation.getCurrentPosition(
      (p) =>
        // The hub takes fixes up to 100 km; a coarser one says nothing about the site.
        resolve(p.coords.accuracy <= 100_000 ? { latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyMeters: Math.round(p.coords.accuracy * 10) / 10 } : null),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}

const answered = (item: ChecklistItem, d: Draft | undefined) =>
  !!d && (d.na || (item.answerType === 'YES_NO' && d.yes !== undefined) || (item.answerType === 'NUMBER' && d.number !== undefined && d.number !== '' && !Number.isNaN(Number(d.number))) || (item.answerType === 'CHOICE' && !!d.choice) || (item.answerType === 'TEXT' && !!d.text?.trim()));

/** The item fails with this answer (mirrors the hub's scoring, to ask for evidence in time). */
function fails(item: ChecklistItem, d: Draft): boolean {
  if (d.na) return false;
  if (item.answerType === 'YES_NO') return d.yes === false;
  if (item.answerType === 'NUMBER') {
    const n = Number(d.number);
    return (item.min != null && n < item.min) || (item.max != null && n > item.max);
  }
  if (item.answerType === 'CHOICE') return item.choices.find((c) => c.value === d.choice)?.compliant === false;
  return false;
}

const needsEvidence = (item: ChecklistItem, d: Draft, profile: Profile | undefined) => !d.photos.length && ((item.evidenceRequired && !d.na) || (!!profile?.evidenceMandatory && fails(item, d)));

export function InspectScreen({ siteId }: { siteId: string }) {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [entry, setEntry] = useState<DueEntry | null>(null);
  const [checklist, setChecklist] = useState<{ data: Checklist; staleSince: string | null } | null>(null);
  const [profile, setProfile] = useState<Profile>();
  const [teamId, setTeamId] = useState<string | null>(null);
  const [visit, setVisit] = useState<Visit | null>(null);
  const [blobs, setBlobs] = useState<Record<string, Blob>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [showMissing, setShowMissing] = useState(false);
  const draftKey = `visit:${siteId}`;

  useEffect(() => {
    void (async () => {
      const due = (await readCache('due'))?.data as DueEntry[] | undefined;
      const e = due?.find((d) => d.site.id === siteId) ?? null;
      setEntry(e);
      if (!e) return setProblem('notDue');
      const versionId = await versionFor(e).catch(() => null);
      if (!versionId) return setProblem('noChecklist');
      const c = await loadChecklist(versionId).catch(() => null);
      if (!c) return setProblem('noChecklist');
      setChecklist(c);
      const profiles = await loadProfiles().catch(() => null);
      setProfile(profiles?.data.find((p) => p.siteKind === e.site.kind));
      const teams = await loadTeams().catch(() => null);
      setTeamId(e.plannedInspection?.team.id ?? teams?.data[0]?.id ?? null);
      const saved = await getKv<Visit>(draftKey);
      const v = saved ?? { startedAt: new Date().toISOString(), answers: {} };
      if (!saved) await putKv(draftKey, v);
      setVisit(v);
      if (v.startLocation === undefined)
        void locate().then((startLocation) =>
          setVisit((cur) => {
            if (!cur || cur.startedAt !== v.startedAt) return cur;
            const next = { ...cur, startLocation };
            void putKv(draftKey, next);
            return next;
          }),
        );
      const b: Record<string, Blob> = {};
      for (const d of Object.values(v.answers)) for (const ref of d.photos) b[ref] = (await photoBlob(ref)) ?? new Blob();
      setBlobs(b);
    })();
  }, [siteId, draftKey]);

  const items = useMemo(() => [...(checklist?.data.items ?? [])].sort((a, b) => a.position - b.position), [checklist]);
  const done = items.filter((i) => answered(i, visit?.answers[i.code])).length;
  const missing = items.filter((i) => !answered(i, visit?.answers[i.code]) || needsEvidence(i, visit!.answers[i.code], profile));

  function update(code: string, patch: Partial<Draft>) {
    setVisit((v) => {
      if (!v) return v;
      const next = { ...v, answers: { ...v.answers, [code]: { ...(v.answers[code] ?? { photos: [] }), ...patch } } };
      void putKv(draftKey, next);
      return next;
    });
  }

  async function addPhoto(code: string, f: File) {
    const blob = await downscalePhoto(f);
    const ref = await queuePhoto(blob);
    setBlobs((b) => ({ ...b, [ref]: blob }));
    update(code, { photos: [...(visit?.answers[code]?.photos ?? []), ref] });
  }

  async function submit() {
    if (!visit || !entry || !checklist) return;
    if (missing.length) {
      setShowMissing(true);
      document.getElementById(`item-${missing[0].code}`)?.scrollIntoView({ block: 'center' });
      return;
    }
    const key = crypto.randomUUID(); // made when the button is pressed: a retry files nothing twice
    const answers = items.map((i) => {
      const d = visit.answers[i.code];
      const a: Record<string, unknown> = { itemCode: i.code };
      if (d.na) a.notApplicable = true;
      else if (i.answerType === 'YES_NO') a.yes = d.yes;
      else if (i.answerType === 'NUMBER') a.number = Number(d.number);
      else if (i.answerType === 'CHOICE') a.choice = d.choice;
      else a.text = d.text;
      if (d.note?.trim()) a.note = d.note.trim();
      if (d.photos.length) a.evidenceIds = d.photos;
      return a;
    });
    const where = entry.plannedInspection ? { inspectionId: entry.plannedInspection.id } : { siteId, teamId, checklistVersionId: checklist.data.id };
    await enqueue('fileInspection', key, { idempotencyKey: key, ...where, startedAt: visit.startedAt, ...(visit.startLocation ? { startLocation: visit.startLocation } : {}), submittedAt: new Date().toISOString(), answers }, entry.site.name, siteId);
    await putKv(draftKey, null);
    navigate(`/outbox/${key}`);
  }

  if (problem)
    return (
      <main className="screen">
        <p role="alert">{t(`inspect.${problem}`)}</p>
        <Link href="/">{t('app.home')}</Link>
      </main>
    );
  if (!entry || !checklist || !visit) return <main className="screen">{t('common.loading')}</main>;
  const zh = i18n.language !== 'en';
  return (
    <main className="screen inspect">
      <h1>{entry.site.name}</h1>
      <p className="meta">
        {checklist.data.template.name} · v{checklist.data.number}
      </p>
      <p className="meta" data-testid="start-location">
        {t('inspect.started', { time: fmtDateTime(visit.startedAt) })} ·{' '}
        {visit.startLocation === undefined ? t('inspect.locating') : visit.startLocation ? t('inspect.located', { accuracy: Math.round(visit.startLocation.accuracyMeters) }) : t('inspect.noLocation')}
      </p>
      <Stale since={checklist.staleSince} />
      <div className="progress" role="progressbar" aria-label={t('inspect.progress')} aria-valuemin={0} aria-valuemax={items.length} aria-valuenow={done}>
        <div style={{ width: `${(100 * done) / Math.max(1, items.length)}%` }} />
      </div>
      <p className="meta" aria-live="polite">
        {t('inspect.answered', { done, total: items.length })}
      </p>
      <ol className="items">
        {items.map((item, idx) => {
          const d = visit.answers[item.code] ?? { photos: [] };
          const lacking = showMissing && missing.includes(item);
          return (
            <li key={item.code} id={`item-${item.code}`} className={`card item${lacking ? ' lacking' : ''}`}>
              <fieldset>
                <legend>
                  <span className="meta">
                    {idx + 1}. {item.category}
                  </span>
                  <span className="prompt">{zh ? item.promptZh : item.promptEn}</span>
                </legend>
                <div className="tags">
                  <span className={`badge sev-${item.severity}`}>{t(`severity.${item.severity}`)}</span>
                  {item.evidenceRequired && <span className="badge">{t('inspect.evidenceRequired')}</span>}
                </div>
                <ItemAnswer item={item} d={d} zh={zh} update={(p) => update(item.code, p)} />
                <label className="small-label">
                  {t('inspect.note')}
                  <textarea rows={2} value={d.note ?? ''} onChange={(e) => update(item.code, { note: e.target.value })} />
                </label>
                <ItemPhotos
                  label={t('inspect.addPhoto')}
                  blobs={blobs}
                  refs={d.photos}
                  onAdd={(f) => void addPhoto(item.code, f)}
                  onRemove={(ref) => update(item.code, { photos: d.photos.filter((p) => p !== ref) })}
                />
                {lacking && (
                  <p className="error" role="alert">
                    {!answered(item, d) ? t('inspect.needAnswer') : t('inspect.needPhoto')}
                  </p>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="sticky-action">
        {showMissing && missing.length > 0 && <p className="error">{t('inspect.missing', { count: missing.length })}</p>}
        <button type="button" className="button primary" onClick={() => void submit()}>
          {t('inspect.submit')}
        </button>
      </div>
    </main>
  );
}

function ItemPhotos({ label, blobs, refs, onAdd, onRemove }: { label: string; blobs: Record<string, Blob>; refs: string[]; onAdd: (f: File) => void; onRemove: (ref: string) => void }) {
  const subset = useMemo(() => Object.fromEntries(refs.filter((r) => blobs[r]).map((r) => [r, blobs[r]])), [blobs, refs]);
  const photos = usePhotoUrls(subset);
  return <PhotoPicker label={label} photos={photos} onAdd={onAdd} onRemove={onRemove} />;
}

function ItemAnswer({ item, d, zh, update }: { item: ChecklistItem; d: Draft; zh: boolean; update: (p: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const name = `answer-${item.code}`;
  const canNa = item.severity !== 'CRITICAL';
  const options: { value: string; label: string; checked: boolean; pick: () => void }[] = [];
  if (item.answerType === 'YES_NO') {
    options.push({ value: 'pass', label: t('inspect.pass'), checked: !d.na && d.yes === true, pick: () => update({ na: false, yes: true }) });
    options.push({ value: 'fail', label: t('inspect.fail'), checked: !d.na && d.yes === false, pick: () => update({ na: false, yes: false }) });
  } else if (item.answerType === 'CHOICE') {
    for (const c of item.choices) options.push({ value: c.value, label: zh ? c.labelZh : c.labelEn, checked: !d.na && d.choice === c.value, pick: () => update({ na: false, choice: c.value }) });
  }
  if (canNa) options.push({ value: 'na', label: t('inspect.na'), checked: !!d.na, pick: () => update({ na: true }) });
  return (
    <div className="answer">
      {item.answerType === 'NUMBER' && (
        <label className="small-label">
          {t('inspect.value')}
          {item.unit ? ` (${item.unit})` : ''}
          {item.min != null && ` ≥ ${item.min}`}
          {item.max != null && ` ≤ ${item.max}`}
          <input type="number" inputMode="decimal" step="any" value={d.na ? '' : (d.number ?? '')} onChange={(e) => update({ na: false, number: e.target.value })} />
        </label>
      )}
      {item.answerType === 'TEXT' && (
        <label className="small-label">
          {t('inspect.text')}
          <textarea rows={2} value={d.na ? '' : (d.text ?? '')} onChange={(e) => update({ na: false, text: e.target.value })} />
        </label>
      )}
      <div className="choices" role="radiogroup" aria-label={t('inspect.answer')}>
        {options.map((o) => (
          <label key={o.value} className={`choice choice-${o.value}${o.checked ? ' checked' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={o.checked} onChange={o.pick} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
