import { useEffect, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { FeatureCollection, Geometry } from 'geojson';
import type { VolumeBody } from '../../../server/modules/analysis/analysis-schemas.ts';
import { api, qs } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { navigate } from '../../shared/router.ts';
import { drillFilter, ordersPath, toQs, type AnalysisQuery } from './analysis-query.ts';

type FC = FeatureCollection<Geometry, { id: number; name: string }>;
// Five classes from pale to deep red; 0 stays white so quiet areas read as quiet.
const COLOURS = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

export function colourFor(n: number, max: number): string {
  if (n <= 0 || max <= 0) return '#ffffff';
  return COLOURS[Math.min(COLOURS.length - 1, Math.floor((n / max) * COLOURS.length - 1e-9))];
}

/**
 * Hot spots: grids or communities coloured by how many requests they received (a choropleth over
 * the unit polygons the product holds; no tiles, no other host). A click opens the orders behind.
 */
export default function HotSpotMap({ level, query, label }: { level: 'grid' | 'community'; query: AnalysisQuery; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.GeoJSON | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [max, setMax] = useState(0);

  useEffect(() => {
    const m = L.map(el.current!, { center: [39.92, 116.41], zoom: 13, minZoom: 11, maxZoom: 18, zoomSnap: 0.5, attributionControl: false });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  const key = `${level}|${toQs(query)}`;
  useEffect(() => {
    let alive = true;
    Promise.all([
      api<FC>(`/api/geo/features${qs({ kind: level, parentId: query.streetId })}`),
      api<VolumeBody>(`/api/analysis/volume${toQs({ ...query, by: level } as AnalysisQuery)}`),
    ])
      .then(([fc, v]) => {
        if (!alive || !map.current) return;
        const counts = new Map(v.items.map((i) => [Number(i.key), i.count]));
        const top = Math.max(0, ...counts.values());
        setMax(top);
        layer.current?.remove();
        layer.current = L.geoJSON(fc, {
          style: (f) => ({ color: '#5f6b7a', weight: 0.8, fillColor: colourFor(counts.get(f!.properties.id) ?? 0, top), fillOpacity: 0.75 }),
          onEachFeature: (f, l) => {
            const n = counts.get(f.properties.id) ?? 0;
            l.bindTooltip(`${f.properties.name}：${n}`, { sticky: true });
            l.on('click', () => {
              const to = drillFilter(query, level, f.properties.id);
              if (to) navigate(ordersPath(to));
            });
          },
        }).addTo(map.current);
        const b = layer.current.getBounds();
        if (b.isValid()) map.current.fitBounds(b, { padding: [8, 8] });
        setError(null);
      })
      .catch((e) => alive && setError(e));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <>
      <ErrorBox error={error} />
      <div ref={el} style={{ height: 420, background: '#f4f6f9' }} role="region" aria-label={label} data-testid="analysis-hotspot-map" />
      <div className="an-legend" aria-hidden="true">
        <span>0</span>
        {COLOURS.map((c, i) => (
          <span key={c} style={{ background: c }} title={`≤ ${Math.ceil(((i + 1) * max) / COLOURS.length)}`} />
        ))}
        <span>{max}</span>
      </div>
    </>
  );
}
