import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AdminPlace } from '../../../server/modules/routing/geo/place-queries.ts';
import { api } from '../../shared/api.ts';
import { ErrorBox, Field, Notice } from '../../shared/components.tsx';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { queryClient } from '../../shared/query.tsx';
import type { Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { LazyPinMap } from '../map/lazy.tsx';

export const PLACE_KINDS = ['road', 'building', 'place', 'community', 'poi'] as const;
const UNIT_KINDS = ['grid', 'community', 'street', 'township'];

type Draft = { name: string; kind: string; aliases: string; unit: Unit | null; lon: string; lat: string };

const draftOf = (p: AdminPlace | null): Draft =>
  p
    ? { name: p.name, kind: p.kind, aliases: p.aliases.join('、'), unit: p.unitId === null ? null : { id: p.unitId, code: '', name: p.unitName ?? '', kind: p.unitKind ?? '', parent_id: null, district_id: null }, lon: String(p.lon), lat: String(p.lat) }
    : { name: '', kind: 'road', aliases: '', unit: null, lon: '', lat: '' };

const splitAliases = (s: string) => s.split(/[、,，;；\n]/).map((x) => x.trim()).filter(Boolean);

export async function refreshPlaces(id?: number) {
  await Promise.all([queryClient.invalidateQueries({ queryKey: ['admin-places'] }), id && queryClient.invalidateQueries({ queryKey: ['admin-place', id] }), id && queryClient.invalidateQueries({ queryKey: ['admin-place-history', id] })]);
}

/**
 * A place's name, kind, aliases, unit and point, picked on the map or typed; creates a place when
 * none is given, else saves the loaded version. The server checks the unit, a duplicate name and the
 * city's bounds, and its message is shown.
 */
export function PlaceForm({ place, onSaved, testid }: { place: AdminPlace | null; onSaved?: (p: AdminPlace) => void; testid: string }) {
  const { t } = useI18n();
  const [d, setD] = useState(() => draftOf(place));
  const save = useMutation(
    {
      mutationFn: (body: Record<string, unknown>) =>
        place ? api<AdminPlace>(`/api/geo/gazetteer/${place.id}`, { method: 'PATCH', body: { version: place.version, ...body } }) : api<AdminPlace>('/api/geo/gazetteer', { body }),
      onSuccess: async (p) => {
        if (!place) setD(draftOf(null));
        onSaved?.(p);
        await refreshPlaces(p.id);
      },
    },
    queryClient,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: d.name, kind: d.kind, aliases: splitAliases(d.aliases), unitId: d.unit?.id, lon: Number(d.lon), lat: Number(d.lat) });
  };
  const pin = d.lon && d.lat && Number.isFinite(Number(d.lon)) && Number.isFinite(Number(d.lat)) ? { lon: Number(d.lon), lat: Number(d.lat) } : null;
  const label = place ? t('geo.edit') : t('geo.create');
  return (
    <form className="form" onSubmit={submit} aria-label={label} data-testid={testid}>
      <div className="row">
        <Field label={t('geo.name')} required>
          <input value={d.name} required maxLength={60} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid={`${testid}-name`} />
        </Field>
        <Field label={t('geo.kind')} required>
          <select value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value })} data-testid={`${testid}-kind`}>
            {PLACE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`geo.kind.${k}` as MsgKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('geo.aliases')} hint={t('geo.aliasesHint')}>
          <input value={d.aliases} maxLength={600} onChange={(e) => setD({ ...d, aliases: e.target.value })} data-testid={`${testid}-aliases`} />
        </Field>
      </div>
      <UnitPicker label={t('geo.unit')} kinds={UNIT_KINDS} value={d.unit ? [d.unit] : []} onChange={(u) => setD({ ...d, unit: u[0] ?? null })} required testid={`${testid}-unit`} />
      <span className="field-hint">{t('geo.unitHint')}</span>
      <div className="row">
        <Field label={t('geo.lon')} hint={t('geo.pointHint')} required>
          <input inputMode="decimal" value={d.lon} required onChange={(e) => setD({ ...d, lon: e.target.value })} data-testid={`${testid}-lon`} />
        </Field>
        <Field label={t('geo.lat')} required>
          <input inputMode="decimal" value={d.lat} required onChange={(e) => setD({ ...d, lat: e.target.value })} data-testid={`${testid}-lat`} />
        </Field>
      </div>
      <LazyPinMap pin={pin} onPick={(lon, lat) => setD((x) => ({ ...x, lon: String(lon), lat: String(lat) }))} height={260} label={t('geo.map')} testid={`${testid}-map`} />
      <ErrorBox error={save.error} />
      {save.isSuccess && !place && <Notice>{t('geo.created', { name: save.data.name })}</Notice>}
      <div className="buttons">
        <button type="submit" className="primary" disabled={save.isPending} data-testid={`${testid}-submit`}>
          {save.isPending ? t('common.submitting') : place ? t('geo.save') : t('geo.createBtn')}
        </button>
      </div>
    </form>
  );
}
