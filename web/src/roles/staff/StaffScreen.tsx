import { useTranslation } from 'react-i18next';
import { ErrorNote, Stale } from '../../ui/components';
import { useMySite } from '../my-site';
import { RecordDisinfection } from './RecordDisinfection';

/** Staff: one screen, record a disinfection of the site they work at. */
export function StaffScreen() {
  const { t } = useTranslation();
  const { sites, site } = useMySite();
  return (
    <main className="screen">
      <h1>{t('staff.title')}</h1>
      <Stale since={sites.staleSince} />
      {sites.error && !sites.data && <ErrorNote code={sites.error} />}
      {site && (
        <>
          <p className="meta">{site.name}</p>
          <RecordDisinfection siteId={site.id} siteName={site.name} />
        </>
      )}
    </main>
  );
}
