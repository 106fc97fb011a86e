import { useState } from 'react';
import { api, qs } from '../shared/api.ts';
import { Field } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { useApi, useDebounced } from '../shared/query.tsx';
import type { LocationValue } from '../shared/location-select.tsx';
import { LazyPinMap } from '../console/map/lazy.tsx';

type Suggestion = { name: string; place: string; lon: number; lat: number };

/**
 * Where the problem is, as a citizen says it: an address typed (with the gazetteer's suggestions)
 * or a point picked on the map of the district's boundaries (drawn locally, no tile server).
 */
export function PortalPlace({ value, onChange }: { value: LocationValue; onChange: (v: LocationValue) => void }) {
  const { t } = useI18n();
  const [mapOpen, setMapOpen] = useState(false);
  const [picked, setPicked] = useState<{ found: boolean; place: string | null } | null>(null);
  const [typing, setTyping] = useState(false);

  // Suggestions follow what was typed, a moment after the last key; a chosen one stops them.
  const q = useDebounced(value.address.trim(), 250);
  const asked = typing && q.length >= 2;
  const search = useApi<{ items: Suggestion[] }>(['portal', 'places', q], asked ? `/api/portal/places${qs({ q })}` : null, { staleTime: 60_000 });
  const suggestions = asked ? (search.data?.items ?? []) : [];

  const choose = (s: Suggestion) => {
    setTyping(false);
    onChange({ address: s.name, lon: s.lon, lat: s.lat });
    setPicked({ found: true, place: s.place });
  };

  const pick = async (lon: number, lat: number) => {
    onChange({ address: value.address, lon, lat });
    try {
      setPicked(await api<{ found: boolean; place: string | null }>(`/api/portal/locate${qs({ lon, lat })}`));
    } catch {
      setPicked(null);
    }
  };

  const pin = value.lon !== undefined && value.lat !== undefined ? { lon: value.lon, lat: value.lat } : null;
  return (
    <fieldset className="map-box">
      <legend>{t('place.title')}</legend>
      <Field label={t('place.search')} hint={t('place.searchHint')}>
        <input
          value={value.address}
          maxLength={300}
          autoComplete="off"
          onChange={(e) => {
            setTyping(true);
            onChange({ ...value, address: e.target.value });
          }}
          data-testid="loc-address"
        />
      </Field>
      {suggestions.length > 0 && (
        <ul className="suggestions" aria-label={t('place.suggestions')} data-testid="place-suggestions">
          {suggestions.map((s) => (
            <li key={`${s.name}-${s.lon}-${s.lat}`}>
              <button type="button" className="link-button" onClick={() => choose(s)} data-testid="place-suggestion">
                {s.name} <span className="muted small">{s.place}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="link-button" aria-expanded={mapOpen} onClick={() => setMapOpen((o) => !o)} data-testid="place-map-toggle">
        {mapOpen ? '▾' : '▸'} {t('place.mapToggle')}
      </button>
      {mapOpen && (
        <>
          <p className="muted small">{t('place.mapHint')}</p>
          <LazyPinMap pin={pin} onPick={(lon, lat) => void pick(lon, lat)} height={300} label={t('place.mapLabel')} testid="portal-map" source="/api/portal/map/features" />
        </>
      )}
      {picked && (
        <p className={picked.found ? 'small' : 'small warn-text'} role="status" data-testid="place-picked">
          {picked.found ? t('place.picked', { place: picked.place ?? '' }) : t('place.outside')}
        </p>
      )}
    </fieldset>
  );
}
