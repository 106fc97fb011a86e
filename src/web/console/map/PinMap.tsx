import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { api, qs } from '../../shared/api.ts';
import { mapEpoch, type PinMapProps } from './lazy.tsx';

/*
 * The district's streets, communities and grids drawn from /api/geo/features over a plain
 * background: the console runs on intranets without a tile server, and the boundaries are what
 * an agent needs to place a pin. Loaded on demand (see lazy.tsx) to keep Leaflet out of the main bundle.
 */
type Props = { id: number; name: string; centroid: [number, number] | null };
type FC = FeatureCollection<Geometry, Props>;

const cache = new Map<string, Promise<FC>>();
let source = '/api/geo/features';
function features(kind: string, parentId?: number, bbox?: string): Promise<FC> {
  const key = `${mapEpoch.n}:${source}:${kind}:${parentId ?? ''}:${bbox ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = api<FC>(`${source}${qs({ kind, parentId, bbox })}`);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

const STYLE = {
  street: { color: '#1d4f91', weight: 1.5, fillColor: '#e8f0fb', fillOpacity: 0.35 },
  streetOn: { color: '#153a6b', weight: 3, fillColor: '#cfe0f7', fillOpacity: 0.45 },
  community: { color: '#5f6b7a', weight: 1, dashArray: '4 3', fill: false },
  communityOn: { color: '#a15c00', weight: 2.5, dashArray: '', fill: false },
  grid: { color: '#7d8794', weight: 1, fillColor: '#ffffff', fillOpacity: 0.15 },
  gridOn: { color: '#c8161d', weight: 2.5, fillColor: '#c8161d', fillOpacity: 0.12 },
  outline: { color: '#c8161d', weight: 3, fillColor: '#c8161d', fillOpacity: 0.2 },
};
const round = (x: number) => Math.round(x * 1e6) / 1e6;
/** From this zoom on, the grids in view are drawn even with no community chosen. */
const GRID_ZOOM = 16;
// The view's box widened to a 0.01° lattice, so small pans reuse the answer already loaded.
const snapBox = (b: L.LatLngBounds) =>
  [Math.floor(b.getWest() * 100) / 100, Math.floor(b.getSouth() * 100) / 100, Math.ceil(b.getEast() * 100) / 100, Math.ceil(b.getNorth() * 100) / 100].join(',');

function labelLayer(fc: FC, className: string, byId?: Map<number, L.Marker>): L.LayerGroup {
  const g = L.layerGroup();
  for (const f of fc.features) {
    const c = f.properties.centroid;
    if (!c) continue;
    const icon = L.divIcon({ className: `map-label ${className}`, html: `<span>${escapeHtml(f.properties.name)}</span>`, iconSize: undefined });
    const m = L.marker([c[1], c[0]], { icon, interactive: false, keyboard: false }).addTo(g);
    byId?.set(f.properties.id, m);
  }
  return g;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

type Layers = {
  streets?: L.GeoJSON;
  bounds?: Map<number, L.LatLngBounds>;
  streetLabels?: Map<number, L.Marker>;
  communities?: L.LayerGroup;
  grids?: L.GeoJSON;
  viewGrids?: L.LayerGroup;
  pin?: L.Marker;
  outline?: L.GeoJSON;
};

export default function PinMap({ pin, onPick, streetId, communityId, gridId, height = 360, label, testid = 'map', source: from, outline }: PinMapProps) {
  // One app uses one source (the console the staff API, the portal the public one).
  if (from) source = from;
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<Layers>({});
  const pick = useRef(onPick);
  pick.current = onPick;
  const selected = useRef({ streetId, communityId, gridId });
  selected.current = { streetId, communityId, gridId };

  useEffect(() => {
    const m = L.map(el.current!, { center: [39.92, 116.41], zoom: 13, minZoom: 11, maxZoom: 19, zoomSnap: 0.5, attributionControl: false });
    map.current = m;
    m.on('click', (e: L.LeafletMouseEvent) => pick.current?.(round(e.latlng.lng), round(e.latlng.lat)));
    let live = true;
    let shownBox = '';
    m.on('moveend', () => {
      const box = m.getZoom() >= GRID_ZOOM && !selected.current.communityId ? snapBox(m.getBounds()) : '';
      if (box === shownBox) return;
      shownBox = box;
      layers.current.viewGrids?.remove();
      layers.current.viewGrids = undefined;
      if (!box) return;
      void features('grid', undefined, box).then((fc) => {
        if (!live || shownBox !== box) return;
        layers.current.viewGrids = L.layerGroup([L.geoJSON(fc, { interactive: false, style: STYLE.grid }), labelLayer(fc, 'grid')]).addTo(m);
      });
    });
    void features('street').then((fc) => {
      if (!live) return;
      const layer = L.geoJSON(fc, { interactive: false, style: (f) => (f?.properties.id === selected.current.streetId ? STYLE.streetOn : STYLE.street) }).addTo(m);
      const bounds = new Map<number, L.LatLngBounds>();
      layer.eachLayer((l) => {
        const f = (l as L.Polygon).feature as Feature<Geometry, Props> | undefined;
        if (f) bounds.set(f.properties.id, (l as L.Polygon).getBounds());
      });
      const streetLabels = new Map<number, L.Marker>();
      layers.current = { ...layers.current, streets: layer, bounds, streetLabels };
      labelLayer(fc, 'street', streetLabels).addTo(m);
      // the selected street's own name would sit on its communities' names
      for (const [id, label] of streetLabels) label.setOpacity(id === selected.current.streetId ? 0 : 1);
      layer.bringToBack();
      const sel = selected.current.streetId ? bounds.get(selected.current.streetId) : undefined;
      m.fitBounds(layers.current.outline?.getBounds() ?? sel ?? layer.getBounds(), { padding: [12, 12] });
      el.current?.setAttribute('data-ready', 'true');
    });
    return () => {
      live = false;
      m.remove();
      map.current = null;
      layers.current = {};
    };
  }, []);

  // The selected street: highlighted, its communities drawn, and brought into view unless the pin already is.
  useEffect(() => {
    const m = map.current;
    layers.current.streets?.setStyle((f) => (f?.properties.id === streetId ? STYLE.streetOn : STYLE.street));
    for (const [id, label] of layers.current.streetLabels ?? []) label.setOpacity(id === streetId ? 0 : 1);
    layers.current.communities?.remove();
    layers.current.communities = undefined;
    if (!m || !streetId) return;
    let live = true;
    void features('community', streetId).then((fc) => {
      if (!live || !map.current) return;
      const shapes = L.geoJSON(fc, { interactive: false, style: (f) => (f?.properties.id === selected.current.communityId ? STYLE.communityOn : STYLE.community) });
      layers.current.communities = L.layerGroup([shapes, labelLayer(fc, 'community')]).addTo(m);
      layers.current.grids?.bringToFront();
      const p = layers.current.pin?.getLatLng();
      const b = layers.current.bounds?.get(streetId);
      if (b && (!p || !m.getBounds().contains(p))) m.fitBounds(b, { padding: [12, 12] });
    });
    return () => {
      live = false;
    };
  }, [streetId, communityId]);

  // The grids of the selected community, the chosen or located grid in red.
  useEffect(() => {
    const m = map.current;
    layers.current.grids?.remove();
    layers.current.grids = undefined;
    m?.fire('moveend');
    if (!m || !communityId) return;
    let live = true;
    void features('grid', communityId).then((fc) => {
      if (!live || !map.current) return;
      // above the community outlines: the grid is the finest answer
      layers.current.grids = L.geoJSON(fc, { interactive: false, style: (f) => (f?.properties.id === gridId ? STYLE.gridOn : STYLE.grid) }).addTo(m);
    });
    return () => {
      live = false;
    };
  }, [communityId, gridId]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    layers.current.pin?.remove();
    layers.current.pin = undefined;
    if (!pin) return;
    const icon = L.divIcon({ className: 'map-pin', html: '<span></span>', iconSize: [24, 32], iconAnchor: [12, 32] });
    layers.current.pin = L.marker([pin.lat, pin.lon], { icon, interactive: false, keyboard: false }).addTo(m);
    if (!m.getBounds().contains([pin.lat, pin.lon])) m.setView([pin.lat, pin.lon], Math.max(m.getZoom(), 15));
  }, [pin?.lon, pin?.lat]);

  const outlineKey = outline ? JSON.stringify(outline) : '';
  useEffect(() => {
    const m = map.current;
    layers.current.outline?.remove();
    layers.current.outline = undefined;
    if (!m || !outline) return;
    const layer = L.geoJSON(outline as Geometry, { interactive: false, style: STYLE.outline }).addTo(m);
    layers.current.outline = layer;
    m.fitBounds(layer.getBounds(), { padding: [16, 16] });
  }, [outlineKey]);

  return <div ref={el} className="pin-map" style={{ height }} role="application" aria-label={label} data-testid={testid} />;
}
