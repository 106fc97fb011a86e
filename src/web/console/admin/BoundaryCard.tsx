import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { UnitFeature } from '../../../server/modules/routing/geo/geo-features.ts';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';
import { forgetMapFeatures, LazyPinMap } from '../map/lazy.tsx';
import { ChangeHistory } from './ChangeHistory.tsx';

/** The units that have a boundary: the administrative areas addresses and points resolve to. */
export const BOUNDARY_KINDS = ['district', 'street', 'township', 'community', 'grid'];

/**
 * 辖区边界: the unit's polygon on the map (no tiles, as every map of the console), replaced by
 * GeoJSON pasted or read from a file; the server checks it and says what is wrong.
 */
export function BoundaryCard({ unitId }: { unitId: number }) {
  const { t } = useI18n();
  const key = ['admin-boundary', unitId];
  // 404 while the unit has no boundary: shown as "none yet", not as an error
  const feature = useApi<UnitFeature | null>(key, `/api/geo/units/${unitId}/geometry`);
  const [text, setText] = useState('');
  const save = useMutation(
    {
      mutationFn: (geojson: string) => api<UnitFeature>(`/api/geo/units/${unitId}/geometry`, { method: 'PUT', body: { geojson } }),
      onSuccess: async () => {
        forgetMapFeatures();
        setText('');
        await Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ['admin-boundary-history', unitId] })]);
      },
    },
    queryClient,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(text);
  };
  const read = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void file.text().then(setText);
  };
  const missing = feature.error && (feature.error as { status?: number }).status === 404;
  const shape = feature.data?.geometry ?? null;
  return (
    <>
      <Card title={t('geo.boundary')} testid="boundary-card">
        {feature.error && !missing ? <ErrorBox error={feature.error} /> : !feature.data && !missing ? <Loading /> : null}
        {missing && <p className="muted">{t('geo.boundaryNone')}</p>}
        {shape && (
          <p className="muted small" data-testid="boundary-extent">
            {feature.data!.properties.bbox?.map((x) => x.toFixed(6)).join(', ')}
          </p>
        )}
        <LazyPinMap key={String(feature.data?.properties.bbox ?? '')} pin={null} outline={shape} height={300} label={t('geo.boundaryMap')} testid="boundary-map" />
        <form className="form" onSubmit={submit} aria-label={t('geo.boundarySave')}>
          <Field label={t('geo.boundaryPaste')} hint={t('geo.boundaryHint')} required>
            <textarea value={text} required rows={6} spellCheck={false} onChange={(e) => setText(e.target.value)} data-testid="boundary-text" />
          </Field>
          <Field label={t('geo.boundaryFile')}>
            <input type="file" accept=".json,.geojson,application/geo+json,application/json" onChange={read} data-testid="boundary-file" />
          </Field>
          <ErrorBox error={save.error} />
          {save.isSuccess && <Notice>{t('geo.boundarySaved')}</Notice>}
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending || !text.trim()} data-testid="boundary-save">
              {save.isPending ? t('common.submitting') : t('geo.boundarySave')}
            </button>
          </div>
        </form>
      </Card>
      <ChangeHistory path={`/api/geo/units/${unitId}/geometry/history`} queryKey={['admin-boundary-history', unitId]} subject="geo" title={t('geo.boundaryHistory')} testid="boundary-history" />
    </>
  );
}
