import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtDateTime, errorText } from './format';
import type { OutboxState } from '../offline/outbox';

export function Stale({ since }: { since: string | null }) {
  const { t } = useTranslation();
  if (!since) return null;
  return (
    <p className="stale" role="status">
      {t('common.staleSince', { time: fmtDateTime(since) })}
    </p>
  );
}

export function ErrorNote({ code, field }: { code: string; field?: string }) {
  const e = errorText(code, field);
  return (
    <div className="error" role="alert">
      <strong>{e.message}</strong>
      <div>{e.next}</div>
    </div>
  );
}

export function StateBadge({ state }: { state: OutboxState }) {
  const { t } = useTranslation();
  return <span className={`badge state-${state}`}>{t(`outbox.state.${state}`)}</span>;
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Camera / gallery picker: downscaled JPEGs, shown as thumbnails. */
export function PhotoPicker({ label, photos, onAdd, onRemove }: { label: string; photos: { ref: string; url: string }[]; onAdd: (f: File) => void; onRemove: (ref: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="photos">
      <label htmlFor={id} className="button secondary photo-button">
        <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M4 7h3l2-3h6l2 3h3v13H4z" />
          <circle cx="12" cy="13" r="4" />
        </svg>
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        className="visually-hidden"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onAdd(f);
          e.target.value = '';
        }}
      />
      {photos.length > 0 && (
        <ul className="thumbs">
          {photos.map((p, i) => (
            <li key={p.ref}>
              <img src={p.url} alt={t('common.photoN', { n: i + 1 })} />
              <button type="button" className="link" onClick={() => onRemove(p.ref)}>
                {t('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Object URLs for the photos of a form, released when they go. */
export function usePhotoUrls(blobs: Record<string, Blob>): { ref: string; url: string }[] {
  const [urls, setUrls] = useState<{ ref: string; url: string }[]>([]);
  useEffect(() => {
    const list = Object.entries(blobs).map(([ref, b]) => ({ ref, url: URL.createObjectURL(b) }));
    setUrls(list);
    return () => list.forEach((u) => URL.revokeObjectURL(u.url));
  }, [blobs]);
  return urls;
}
