import { qs } from './api.ts';
import { useApi } from './query.tsx';
import { Field } from './components.tsx';
import { useI18n } from './i18n.ts';
import type { Unit } from './types.ts';

/** lon/lat: a map pin or a gazetteer match (the console); the selects' ids win over it on the server. */
export type LocationValue = { streetId?: number; communityId?: number; gridId?: number; address: string; lon?: number; lat?: number };

function useChildren(parentId: number | undefined, kind: string, enabled = true): { units: Unit[]; failed: boolean } {
  const on = enabled && (kind === 'street,township' || !!parentId);
  // The portal may be used signed out, where /api/units answers 401: the selects then hide and the address alone is sent.
  const r = useApi<{ items: Unit[] }>(['units', kind, parentId ?? null], on ? `/api/units${qs({ kind, parentId, limit: 1000 })}` : null, { staleTime: 5 * 60_000 });
  return { units: on ? (r.data?.items ?? []) : [], failed: on && r.isError };
}

/**
 * Street → community → grid, each list loaded from the one above, plus the address text. The
 * server fills in the rest of the chain from the finest unit chosen.
 */
export function LocationSelect({
  value,
  onChange,
  showGrid = true,
  showAddress = true,
}: {
  value: LocationValue;
  onChange: (v: LocationValue) => void;
  showGrid?: boolean;
  showAddress?: boolean;
}) {
  const { t } = useI18n();
  const streets = useChildren(undefined, 'street,township');
  const communities = useChildren(value.streetId, 'community');
  const grids = useChildren(value.communityId, 'grid', showGrid);
  const num = (s: string) => (s ? Number(s) : undefined);

  return (
    <fieldset className="location">
      <legend>{t('loc.legend')}</legend>
      {!streets.failed && (
        <div className="row">
          <Field label={t('loc.street')}>
            <select value={value.streetId ?? ''} onChange={(e) => onChange({ address: value.address, streetId: num(e.target.value) })} data-testid="loc-street">
              <option value="">{t('loc.choose')}</option>
              {streets.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('loc.community')}>
            <select
              value={value.communityId ?? ''}
              disabled={!value.streetId}
              onChange={(e) => onChange({ address: value.address, streetId: value.streetId, communityId: num(e.target.value) })}
              data-testid="loc-community"
            >
              <option value="">{t('loc.choose')}</option>
              {communities.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
          {showGrid && (
            <Field label={t('loc.grid')}>
              <select value={value.gridId ?? ''} disabled={!value.communityId} onChange={(e) => onChange({ ...value, gridId: num(e.target.value) })} data-testid="loc-grid">
                <option value="">{t('loc.choose')}</option>
                {grids.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
      )}
      {showAddress && (
        <Field label={t('loc.address')}>
          <input value={value.address} maxLength={300} onChange={(e) => onChange({ ...value, address: e.target.value })} data-testid="loc-address" />
        </Field>
      )}
    </fieldset>
  );
}

/** The body's location: only the finest unit matters, but sending all chosen ones lets the server check they agree. */
export function locationBody(v: LocationValue) {
  const out: Record<string, number | string> = {};
  if (v.lon !== undefined && v.lat !== undefined) {
    out.lon = v.lon;
    out.lat = v.lat;
  }
  if (v.streetId) out.streetId = v.streetId;
  if (v.communityId) out.communityId = v.communityId;
  if (v.gridId) out.gridId = v.gridId;
  if (v.address.trim()) out.address = v.address.trim();
  return out;
}
