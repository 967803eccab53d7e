import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearch } from 'wouter';
import { ConsoleDistrictsDocument, ConsoleLiveDocument, ConsoleMapSettingsDocument, ConsoleSitesDocument, type RiskLevel, type SiteKind } from './graphql/__generated__/graphql';
import { ConsoleError } from './ConsoleError';
import { fmtDate } from '../ui/format';
import { useQuery } from './data';

const KINDS: SiteKind[] = ['HOTEL', 'VENUE', 'DETENTION_FACILITY', 'ISOLATION_SITE', 'CHECKPOINT', 'SAMPLING_POINT'];
const RISKS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

// The map (Leaflet) is a chunk of its own, loaded only when the hub names a tile server.
const SitesMap = lazy(() => import('./SitesMap'));

/**
 * Every site, searchable by name or address, kind, district and risk, with whether it is in
 * breach of its disinfection intervals now; above the table, a map of the sites shown, only when
 * the hub is configured with a tile server (mapSettings): otherwise no map, and no request to
 * anything but the hub (it works offline).
 */
export function SitesTable() {
  const { t } = useTranslation();
  const search = useSearch();
  const [f, setF] = useState({ text: '', kind: '', district: '', risk: '', breach: new URLSearchParams(search).get('breach') === '1' });
  const [applied, setApplied] = useState(f);
  const districts = useQuery(ConsoleDistrictsDocument, {}, 'districts');
  const names = [...new Set((districts.data?.sites.nodes ?? []).map((s) => s.district).filter(Boolean))].sort() as string[];
  const filter = {
    ...(applied.text ? { search: applied.text } : {}),
    ...(applied.kind ? { kinds: [applied.kind as SiteKind] } : {}),
    ...(applied.district ? { districts: [applied.district] } : {}),
    ...(applied.risk ? { riskLevels: [applied.risk as RiskLevel] } : {}),
  };
  const sites = useQuery(ConsoleSitesDocument, { filter, first: 500 }, JSON.stringify(applied));
  const live = useQuery(ConsoleLiveDocument, {}, 'breach');
  const breach = new Map((live.data?.sitesInBreach ?? []).map((b) => [b.site.id, b.areas.length]));
  const rows = (sites.data?.sites.nodes ?? []).filter((s) => !applied.breach || breach.has(s.id));
  const mapSettings = useQuery(ConsoleMapSettingsDocument, {}, 'map-settings').data?.mapSettings;
  const placed = rows.filter((s) => s.latitude != null && s.longitude != null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(f);
  };
  return (
    <main className="console-main">
      <h1>{t('console.sites.title')}</h1>
      <form className="filters" onSubmit={submit} aria-label={t('console.sites.filters')}>
        <label>
          {t('console.sites.search')}
          <input type="search" value={f.text} onChange={(e) => setF({ ...f, text: e.target.value })} />
        </label>
        <label>
          {t('console.col.kind')}
          <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>
            <option value="">{t('console.all')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`siteKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console.period.district')}
          <select value={f.district} onChange={(e) => setF({ ...f, district: e.target.value })}>
            <option value="">{t('console.all')}</option>
            {names.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          {t('console.col.risk')}
          <select value={f.risk} onChange={(e) => setF({ ...f, risk: e.target.value })}>
            <option value="">{t('console.all')}</option>
            {RISKS.map((r) => (
              <option key={r} value={r}>
                {t(`risk.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={f.breach} onChange={(e) => setF({ ...f, breach: e.target.checked })} />
          {t('console.sites.breachOnly')}
        </label>
        <button type="submit" className="button primary">
          {t('console.sites.apply')}
        </button>
      </form>
      <ConsoleError error={sites.error} />
      <p className="meta">{t('console.sites.count', { n: rows.length })}</p>
      {mapSettings && (
        <section aria-label={t('console.sites.map')}>
          <Suspense fallback={<p>{t('common.loading')}</p>}>
            <SitesMap
              tileUrl={mapSettings.tileUrl}
              attribution={mapSettings.attribution}
              sites={placed.map((s) => ({ id: s.id, name: s.name, latitude: s.latitude!, longitude: s.longitude!, riskLevel: s.riskLevel, breachAreas: breach.get(s.id) ?? 0 }))}
            />
          </Suspense>
          <p className="meta">
            {t('console.sites.mapLegend')}
            {rows.length > placed.length && ` · ${t('console.sites.noCoordinates', { n: rows.length - placed.length })}`}
          </p>
        </section>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('console.col.site')}</th>
            <th scope="col">{t('console.col.kind')}</th>
            <th scope="col">{t('console.period.district')}</th>
            <th scope="col">{t('console.col.risk')}</th>
            <th scope="col">{t('console.col.compliance')}</th>
            <th scope="col">{t('console.sites.lastOutcome')}</th>
            <th scope="col">{t('console.col.address')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.name}</th>
              <td>{t(`siteKind.${s.kind}`)}</td>
              <td>{s.district ?? '—'}</td>
              <td>
                <span className={`badge risk-${s.riskLevel}`}>{t(`risk.${s.riskLevel}`)}</span>
              </td>
              <td className={breach.has(s.id) ? 'warn' : 'ok'}>{breach.has(s.id) ? t('console.sites.inBreach', { n: breach.get(s.id) }) : t('console.sites.compliant')}</td>
              <td>{(() => {
                const last = s.inspections.find((i) => i.outcome);
                return last?.outcome ? <span className={`outcome-${last.outcome}`}>{t(`outcome.${last.outcome}`)} · {fmtDate(last.submittedAt)}</span> : '—';
              })()}</td>
              <td>{s.address}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
