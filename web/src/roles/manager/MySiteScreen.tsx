import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useRead } from '../../offline/reads';
import { ErrorNote, Section, Stale } from '../../ui/components';
import { fmtDateTime } from '../../ui/format';
import { fetchAreas } from '../site-data';
import { chooseSite, useMySite } from '../my-site';
import { fetchDisputes, fetchFindings } from './data';
import { fetchSiteNotices } from '../notice/data';
import { NoticeBanner, NoticeCards } from '../notice/NoticesScreen';

/** My site: compliant now or not per required area, open findings (overdue first), staff. */
export function MySiteScreen() {
  const { t } = useTranslation();
  const { sites, site } = useMySite();
  return (
    <main className="screen">
      <h1>{site?.name ?? t('manager.title')}</h1>
      <Stale since={sites.staleSince} />
      {sites.error && !sites.data && <ErrorNote code={sites.error} />}
      {site && (sites.data?.length ?? 0) > 1 && (
        <label className="site-switcher">
          {t('manager.site')}
          <select value={site.id} onChange={(e) => chooseSite(e.target.value)}>
            {sites.data!.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {site && <SiteBody key={site.id} siteId={site.id} />}
    </main>
  );
}

function SiteBody({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const areas = useRead(`areas:${siteId}`, () => fetchAreas(siteId));
  const findings = useRead(`findings:${siteId}`, () => fetchFindings(siteId));
  const disputes = useRead(`disputes:${siteId}`, () => fetchDisputes(siteId));
  const notices = useRead(`notices:${siteId}`, () => fetchSiteNotices(siteId));
  const breaches = areas.data?.filter((a) => a.overdue).length ?? 0;
  return (
    <>
      {notices.data && <NoticeBanner rows={notices.data} />}
      <div className="actions">
        <Link href="/record" className="button primary">
          {t('manager.record')}
        </Link>
        <Link href="/staff" className="button secondary">
          {t('manager.staff')}
        </Link>
      </div>
      <Section title={t('manager.compliance')}>
        <Stale since={areas.staleSince} />
        {areas.data && (
          <p className={breaches ? 'error' : 'ok'} role="status">
            {breaches ? t('manager.inBreach', { count: breaches }) : t('manager.compliant')}
          </p>
        )}
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('staff.area')}</th>
              <th scope="col">{t('manager.lastDone')}</th>
              <th scope="col">{t('manager.nextDue')}</th>
            </tr>
          </thead>
          <tbody>
            {(areas.data ?? []).map((a) => (
              <tr key={a.area} className={a.overdue ? 'warn' : ''}>
                <th scope="row">{t(`area.${a.area}`, { defaultValue: a.area })}</th>
                <td>{fmtDateTime(a.lastDisinfectedAt)}</td>
                <td>{a.overdue ? t('staff.areaDue') : fmtDateTime(a.nextDueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title={t('manager.findings')}>
        <Stale since={findings.staleSince} />
        {findings.data?.length === 0 && <p>{t('manager.noFindings')}</p>}
        <ul className="cards">
          {(findings.data ?? []).map((f) => (
            <li key={f.id} className={`card${f.overdue ? ' overdue' : ''}`}>
              <div className="row">
                <Link href={`/findings/${f.id}`}>{f.title}</Link>
                <span className={`badge sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span>
              </div>
              <div className="meta">
                {t(`findingStatus.${f.status}`)} · {f.overdue ? <strong className="warn">{t('finding.overdue')}</strong> : t('finding.deadline', { time: fmtDateTime(f.deadline) })}
              </div>
            </li>
          ))}
        </ul>
      </Section>
      {(notices.data?.length ?? 0) > 0 && (
        <Section title={t('notice.list')}>
          <Stale since={notices.staleSince} />
          <NoticeCards rows={notices.data!} showSite={false} />
        </Section>
      )}
      {(disputes.data?.length ?? 0) > 0 && (
        <Section title={t('manager.disputes')}>
          <ul className="cards">
            {disputes.data!.map((d) => (
              <li key={d.id} className="card">
                <div className="row">
                  <span>{d.finding?.title}</span>
                  <span className="badge">{d.outcome ? t(`disputeOutcome.${d.outcome}`) : t(`disputeStatus.${d.status}`)}</span>
                </div>
                <div className="meta">{t('manager.lodged', { time: fmtDateTime(d.lodgedAt) })}</div>
                {!d.outcome && d.resolutionDueAt && <div className="meta">{t('manager.decisionDue', { time: fmtDateTime(d.resolutionDueAt) })}</div>}
                {d.rationale && <p>{d.rationale}</p>}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
