import { useRef, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.ts';
import type { LocationValue } from '../../shared/location-select.tsx';
import type { Located } from '../../shared/routing-types.ts';
import { LazyPinMap } from '../map/lazy.tsx';

type Props = { open: boolean; onToggle: () => void; loc: LocationValue; onChange: (v: LocationValue) => void };

/**
 * The collapsible map of the intake form: a click places the pin and /api/geo/locate says which
 * grid, community and street it fell in, which then fill the location (or it says the point is
 * outside the district, and the ids are cleared so the pin's answer is not contradicted).
 */
export function IntakeMap({ open, onToggle, loc, onChange }: Props) {
  const { t } = useI18n();
  const [located, setLocated] = useState<(Located & { lon: number; lat: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const pick = async (lon: number, lat: number) => {
    const n = ++seq.current;
    onChange({ address: loc.address, lon, lat });
    setError(null);
    try {
      const r = await api<Located>(`/api/geo/locate${qs({ lon, lat })}`);
      if (n !== seq.current) return;
      setLocated({ ...r, lon, lat });
      if (r.found) onChange({ address: loc.address, lon, lat, streetId: r.street?.id, communityId: r.community?.id, gridId: r.grid?.id });
    } catch (e) {
      if (n === seq.current) setError(e instanceof Error ? e.message : String(e));
    }
  };

  const pin = loc.lon !== undefined && loc.lat !== undefined ? { lon: loc.lon, lat: loc.lat } : null;
  const names = located?.found ? [located.street?.name, located.community?.name, located.grid?.name].filter(Boolean).join(' / ') : null;

  return (
    <fieldset className="map-box">
      <legend>
        <button type="button" className="link-button" aria-expanded={open} onClick={onToggle} data-testid="map-toggle">
          {open ? '▾' : '▸'} {t('map.toggle')}
        </button>
      </legend>
      {!open && pin && <p className="muted small">{t('map.pinAt', { lon: pin.lon, lat: pin.lat })}</p>}
      {open && (
        <>
          <p className="muted small">{t('map.hint')}</p>
          <LazyPinMap pin={pin} onPick={(lon, lat) => void pick(lon, lat)} streetId={loc.streetId} communityId={loc.communityId} gridId={loc.gridId} label={t('map.label')} />
          {located && pin && located.lon === pin.lon && located.lat === pin.lat && (
            <p className={located.found ? 'small' : 'small warn-text'} data-testid="map-located" data-found={located.found} data-level={located.level ?? ''}>
              {located.found ? t('map.located', { place: names ?? '' }) : `${t('map.outside')}：${located.message ?? ''}`}
            </p>
          )}
          {error && <p className="small warn-text">{error}</p>}
        </>
      )}
    </fieldset>
  );
}
