import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useOutbox, useSession } from '../../hooks';
import { useRead } from '../../offline/reads';
import { ErrorNote, Stale } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';
import { useMySite } from '../my-site';
import { fetchNotice, fetchSiteNotices, fetchTeamNotices, type NoticeRow } from './data';
import { AckLine, useAckItems } from './NoticeScreen';

/** Rectification notices: a manager's site's, or those of the inspections an inspector's teams filed. */
export function NoticesScreen() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session?.account.role === 'FACILITY_MANAGER') return <SiteNotices />;
  if (session?.account.role === 'INSPECTOR') return <TeamNotices />;
  return (
    <main className="screen">
      <h1>{t('app.notFound')}</h1>
    </main>
  );
}

function SiteNotices() {
  const { t } = useTranslation();
  const { site } = useMySite();
  const list = useRead(site ? `notices:${site.id}` : null, () => fetchSiteNotices(site!.id));
  return (
    <main className="screen">
      <h1>{t('notice.list')}</h1>
      {site && <p className="meta">{site.name}</p>}
      <Stale since={list.staleSince} />
      {list.error && !list.data && <ErrorNote code={list.error} />}
      {list.data && <NoticeCards rows={list.data} showSite={false} />}
    </main>
  );
}

/** The 50 newest submitted inspections of my teams, those with a notice. */
function TeamNotices() {
  const { t } = useTranslation();
  const list = useRead('notices:teams', fetchTeamNotices);
  return (
    <main className="screen">
      <h1>{t('notice.teamTitle')}</h1>
      <Stale since={list.staleSince} />
      {list.error && !list.data && <ErrorNote code={list.error} />}
      {list.data && <NoticeCards rows={list.data} showSite />}
    </main>
  );
}

export function NoticeCards({ rows, showSite }: { rows: NoticeRow[]; showSite: boolean }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p>{t('notice.none')}</p>;
  return (
    <ul className="cards">
      {rows.map((r) => (
        <li key={r.id} className={`card${r.rectificationNotice.acknowledgedAt ? '' : ' unacknowledged'}`}>
          <NoticeCard row={r} showSite={showSite} />
        </li>
      ))}
    </ul>
  );
}

function NoticeCard({ row: r, showSite }: { row: NoticeRow; showSite: boolean }) {
  const { t } = useTranslation();
  const items = useAckItems(r.id);
  const n = r.rectificationNotice;
  return (
    <>
      <div className="row">
        <Link href={`/notices/${r.id}`}>
          {showSite && r.site ? r.site.name : t('notice.title')} · {t('notice.issued', { time: fmtDateTime(n.issuedAt) })}
        </Link>
        <span className="badge">{t('notice.findings', { count: n.findings })}</span>
      </div>
      <div className="meta">
        {r.team.name} · {t('notice.firstDeadline', { time: fmtDateTime(n.firstDeadline) })}
      </div>
      <div className="meta">
        <AckLine status={n} items={items} />
      </div>
    </>
  );
}

/** My site's home: unacknowledged notices first and prominently, with the way to them. */
export function NoticeBanner({ rows }: { rows: NoticeRow[] }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  // An acknowledgement queued on this device counts as given; the notice shows it waiting.
  const queued = new Set((outbox ?? []).filter((i) => i.kind === 'acknowledgeRectificationNotice' && i.state !== 'refused').map((i) => i.ref));
  const open = rows.filter((r) => !r.rectificationNotice.acknowledgedAt && !queued.has(r.id));
  if (open.length === 0) return null;
  return (
    <div className="banner" role="region" aria-label={t('notice.banner', { count: open.length })}>
      <strong>
        {t('notice.banner', { count: open.length })}
      </strong>
      <p>{t('notice.bannerHint')}</p>
      <Link href={open.length === 1 ? `/notices/${open[0].id}` : '/notices'} className="button primary">
        {t('notice.open')}
      </Link>
    </div>
  );
}

/** Under a filed inspection (the inspector's): its notice, and whether the site has acknowledged it. */
export function InspectionNotice({ inspectionId }: { inspectionId: string }) {
  const { t } = useTranslation();
  const notice = useRead(`notice:${inspectionId}`, () => fetchNotice(inspectionId));
  const items = useAckItems(inspectionId);
  const n = notice.data?.rectificationNotice;
  if (!n) return null;
  return (
    <section className="section" aria-label={t('notice.ofInspection')}>
      <h2>{t('notice.ofInspection')}</h2>
      <Stale since={notice.staleSince} />
      <p>
        {t('notice.siteAck')} <AckLine status={n} items={items} />
      </p>
      <Link href={`/notices/${inspectionId}`} className="button secondary">
        {t('notice.openOne')}
      </Link>
    </section>
  );
}
