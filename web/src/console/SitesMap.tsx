import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface MapSite {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  riskLevel: string;
  /** Areas out of disinfection compliance now (0: none). */
  breachAreas: number;
}

const RISK_COLOUR: Record<string, string> = { LOW: '#0e6e54', MEDIUM: '#b08800', HIGH: '#c2410c', CRITICAL: '#7f1d1d' };
const BREACH = '#d11a1a';

/**
 * The sites on a map (Leaflet, its own lazy chunk): tiles from the configured tile server only
 * (MAP_TILE_URL), circle markers (no marker images), red for a site out of disinfection
 * compliance, otherwise coloured by risk level; each marker names its site.
 */
export default function SitesMap({ tileUrl, attribution, sites }: { tileUrl: string; attribution: string; sites: MapSite[] }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { attributionControl: true, zoomControl: true });
    L.tileLayer(tileUrl, { attribution, maxZoom: 18 }).addTo(m);
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [tileUrl, attribution]);

  useEffect(() => {
    const m = map.current;
    const g = layer.current;
    if (!m || !g) return;
    g.clearLayers();
    for (const s of sites) {
      const colour = s.breachAreas ? BREACH : (RISK_COLOUR[s.riskLevel] ?? '#555');
      L.circleMarker([s.latitude, s.longitude], { radius: 9, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 0.9, className: `site-marker${s.breachAreas ? ' in-breach' : ''}` })
        .bindTooltip(`${s.name} · ${t(`risk.${s.riskLevel}`)}${s.breachAreas ? ` · ${t('console.sites.inBreach', { n: s.breachAreas })}` : ''}`)
        .addTo(g);
    }
    if (sites.length) m.fitBounds(L.latLngBounds(sites.map((s) => [s.latitude, s.longitude] as [number, number])).pad(0.2), { maxZoom: 13 });
    else m.setView([33.91, 106.52], 10);
  }, [sites, t]);

  return <div ref={el} className="map" data-testid="sites-map" role="region" aria-label={t('console.sites.map')} />;
}
