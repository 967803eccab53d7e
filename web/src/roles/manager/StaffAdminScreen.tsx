import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError, request } from '../../api';
import { DeactivateSiteStaffDocument, ReactivateSiteStaffDocument, RegisterSiteStaffDocument, SiteStaffDocument } from '../../graphql/__generated__/graphql';
import { useOnline } from '../../hooks';
import { useRead } from '../../offline/reads';
import { sessionStore } from '../../offline/session';
import { ErrorNote, Section, Stale } from '../../ui/components';
import { useMySite } from '../my-site';

const token = () => sessionStore.get().session?.token;
const codeOf = (err: unknown) => (err instanceof ApiError ? err.code : err instanceof NetworkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR');

/**
 * The site's staff. Registering needs the hub at once (it sets a password, which the app does not
 * keep on the device), so these actions are online only and say so.
 */
export function StaffAdminScreen() {
  const { t } = useTranslation();
  const online = useOnline();
  const { sites, site } = useMySite();
  const staff = useRead(site ? `staff:${site.id}` : null, () => request(SiteStaffDocument, { siteId: site!.id }, token()).then((r) => r.siteStaff));
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', password: '' });

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      staff.reload();
      return true;
    } catch (err) {
      setError(codeOf(err));
      return false;
    }
  }

  async function register(e: FormEvent) {
    e.preventDefault();
    if (await act(() => request(RegisterSiteStaffDocument, { input: { siteId: site!.id, ...form } }, token()))) setForm({ username: '', displayName: '', password: '' });
  }

  return (
    <main className="screen">
      <h1>{t('manager.staff')}</h1>
      {site && <p className="meta">{site.name}</p>}
      {!online && <p className="note">{t('manager.onlineOnly')}</p>}
      <Stale since={staff.staleSince} />
      {error && <ErrorNote code={error} />}
      <ul className="cards">
        {(staff.data ?? []).map((s) => (
          <li key={s.id} className="card row">
            <div>
              <div>{s.displayName}</div>
              <div className="meta">
                {s.username} · {s.active ? t('manager.active') : t('manager.inactive')}
              </div>
            </div>
            <button
              type="button"
              className="button secondary"
              disabled={!online}
              aria-label={`${s.active ? t('manager.deactivate') : t('manager.reactivate')} ${s.displayName}`}
              onClick={() => void act(() => (s.active ? request(DeactivateSiteStaffDocument, { input: { accountId: s.id } }, token()) : request(ReactivateSiteStaffDocument, { input: { accountId: s.id } }, token())))}
            >
              {s.active ? t('manager.deactivate') : t('manager.reactivate')}
            </button>
          </li>
        ))}
      </ul>
      <Section title={t('manager.register')}>
        <form className="form" onSubmit={register}>
          <label>
            {t('manager.newUsername')}
            <input required autoCapitalize="none" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
          </label>
          <label>
            {t('manager.newName')}
            <input required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          </label>
          <label>
            {t('manager.newPassword')}
            <input required type="password" autoComplete="new-password" minLength={8} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
          </label>
          <button type="submit" className="button primary" disabled={!online}>
            {t('manager.registerButton')}
          </button>
        </form>
      </Section>
    </main>
  );
}
