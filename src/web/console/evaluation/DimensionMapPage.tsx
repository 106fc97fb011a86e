import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { DimensionMap, DimensionMapHistory } from '../../../server/modules/evaluation/dimension-commands.ts';
import type { Dimension, DimensionEntry } from '../../../server/modules/evaluation/dimension-map.ts';
import { useLoad } from '../reference/ref-common.tsx';

const DIMS: Dimension[] = ['childcare', 'education', 'employment', 'medical', 'elderly', 'housing', 'vulnerable', 'convenience', 'livability', 'diversity', 'fairness', 'safety'];

/** The category → 七有/五性 mapping: a grid of codes and dimensions, saved as a new version, with the history. */
export function DimensionMapPage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const current = useLoad(() => api<DimensionMap>('/api/evaluation/dimension-map'), 'map');
  const history = useLoad(() => api<{ items: DimensionMapHistory }>('/api/evaluation/dimension-map/history'), 'history');
  const [entries, setEntries] = useState<DimensionEntry[] | null>(null);
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => setEntries(current.data?.entries ?? null), [current.data]);
  const canEdit = hasRole(me, 'admin', 'hotline_supervisor');
  const toggle = (i: number, d: Dimension) =>
    setEntries(entries!.map((e, j) => (j !== i ? e : { ...e, dimensions: e.dimensions.includes(d) ? e.dimensions.filter((x) => x !== d) : [...e.dimensions, d] })));
  const save = async () => {
    try {
      setError(null);
      const r = await api<DimensionMap>('/api/evaluation/dimension-map', { method: 'PUT', body: { baseVersion: current.data!.version, entries, note: note || undefined } });
      setSaved(r.version);
      setNote('');
      await Promise.all([current.reload(), history.reload()]);
    } catch (e) {
      setError(e);
    }
  };
  const name = (d: Dimension) => t(`dim.${d}` as MsgKey);
  return (
    <div data-testid="dimension-map">
      <h1>{t('ev.dimensionMap')}</h1>
      <p className="small muted">{t('ev.mapHint')}</p>
      <ErrorBox error={current.error ?? error} />
      {saved !== null && <p role="status">{t('ev.mapSaved', { v: saved })}</p>}
      {!entries && <Loading />}
      {entries && current.data && (
        <Card title={t('ev.mapVersion', { v: current.data.version })} testid="map-editor">
          <div className="ev-scroll">
            <table className="table compact ev-map">
              <thead>
                <tr>
                  <th>{t('ev.category')}</th>
                  {DIMS.map((d) => (
                    <th key={d}>{name(d)}</th>
                  ))}
                  <th />
                </tr>
              </thead>
              <tbody>
                {entries.map((e, i) => (
                  <tr key={e.categoryCode} data-testid={`map-row-${e.categoryCode}`}>
                    <th>{e.categoryCode}</th>
                    {DIMS.map((d) => (
                      <td key={d}>
                        <input type="checkbox" checked={e.dimensions.includes(d)} disabled={!canEdit} aria-label={`${e.categoryCode} ${name(d)}`} onChange={() => toggle(i, d)} />
                      </td>
                    ))}
                    <td>
                      {canEdit && (
                        <button type="button" className="link" onClick={() => setEntries(entries.filter((_, j) => j !== i))}>
                          {t('ev.remove')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canEdit && (
            <div className="ev-toolbar">
              <label className="inline-field">
                {t('ev.category')} <input value={code} onChange={(e) => setCode(e.target.value.trim())} placeholder="01.02.17" data-testid="map-new-code" />
              </label>
              <button
                type="button"
                disabled={!/^\d{2}(\.\d{2}){0,2}$/.test(code) || entries.some((e) => e.categoryCode === code)}
                onClick={() => {
                  setEntries([...entries, { categoryCode: code, dimensions: [] }]);
                  setCode('');
                }}
                data-testid="map-add"
              >
                {t('ev.addEntry')}
              </button>
              <label className="inline-field">
                {t('ev.note')} <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="map-note" />
              </label>
              <button type="button" className="primary" onClick={save} data-testid="map-save">
                {t('ev.saveMap')}
              </button>
            </div>
          )}
        </Card>
      )}
      <Card title={t('ev.history')} testid="map-history">
        <ul>
          {(history.data?.items ?? []).map((h) => (
            <li key={h.version}>
              v{h.version} · {formatDateTime(h.createdAt, locale)} {h.note ? `· ${h.note}` : ''} ·{' '}
              {t('ev.changes')}:{' '}
              {h.changes
                .slice(0, 12)
                .map((c) => `${c.categoryCode} ${(c.before ?? []).map(name).join('/') || '∅'} → ${(c.after ?? []).map(name).join('/') || '∅'}`)
                .join('；')}
              {h.changes.length > 12 ? ` …(${h.changes.length})` : ''}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
