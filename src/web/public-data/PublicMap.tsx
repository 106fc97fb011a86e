import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { PublicDataBody } from '../../server/modules/analysis/public-data-routes.ts';

/** Street outlines and one circle per grid, sized by its requests: no point is a person's address. */
export default function PublicMap({ data, label }: { data: PublicDataBody; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const m = L.map(el.current!, { center: [39.92, 116.41], zoom: 13, minZoom: 10, maxZoom: 17, attributionControl: false });
    const outlines = L.geoJSON(data.outlines as never, { style: { color: '#1d4f91', weight: 1, fillColor: '#e8f0fb', fillOpacity: 0.3 } }).addTo(m);
    const max = Math.max(1, ...data.map.grids.map((g) => g.count));
    for (const g of data.map.grids) {
      L.circleMarker([g.lat, g.lon], { radius: 4 + 14 * Math.sqrt(g.count / max), color: '#a50f15', weight: 1, fillColor: '#de2d26', fillOpacity: 0.55 })
        .bindTooltip(`${g.name}：${g.count}`)
        .addTo(m);
    }
    const b = outlines.getBounds();
    if (b.isValid()) m.fitBounds(b, { padding: [8, 8] });
    return () => {
      m.remove();
    };
  }, [data]);
  return <div ref={el} style={{ height: 420, background: '#f4f6f9' }} role="region" aria-label={label} data-testid="pd-map-canvas" />;
}
