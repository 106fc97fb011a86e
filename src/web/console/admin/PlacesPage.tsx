import './admin-people.css';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminPlace } from '../../../server/modules/routing/geo/place-queries.ts';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { queryClient, useApi, useDebounced } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';
import { TableBox } from '../../shared/table-box.tsx';
import { ChangeHistory } from './ChangeHistory.tsx';
import { PlaceForm, refreshPlaces } from './PlaceForm.tsx';

/** 地名库: search places by name or alias, add one, and open one to correct or retire it. */
export function PlacesPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [state, setState] = useState('active');
  const query = useDebounced(q.trim(), 250);
  const list = useApi<{ items: AdminPlace[]; total: number }>(['admin-places', query, state], `/api/geo/gazetteer${qs({ q: query || undefined, state, pageSize: 50 })}`, { placeholderPrevious: true });
  return (
    <div className="admin-page" data-testid="places-page">
      <Card title={t('geo.places')}>
        <p className="muted small">{t('geo.placesAbout')}</p>
        <div className="row" role="search" aria-label={t('geo.search')}>
          <Field label={t('geo.query')}>
            <input type="search" value={q} maxLength={60} onChange={(e) => setQ(e.target.value)} data-testid="places-q" />
          </Field>
          <Field label={t('geo.show')}>
            <select value={state} onChange={(e) => setState(e.target.value)} data-testid="places-state">
              {['active', 'retired', 'all'].map((s) => (
                <option key={s} value={s}>
                  {t(`geo.state.${s}` as MsgKey)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {list.error ? <ErrorBox error={list.error} /> : !list.data ? <Loading /> : <PlaceTable items={list.data.items} total={list.data.total} />}
      </Card>
      <Card title={t('geo.create')} testid="place-create">
        <PlaceForm place={null} testid="place-new" />
      </Card>
    </div>
  );
}

function PlaceTable({ items, total }: { items: AdminPlace[]; total: number }) {
  const { t } = useI18n();
  if (!items.length) return <p className="muted">{t('geo.none')}</p>;
  return (
    <>
      <p className="muted small">{t('geo.total', { n: total })}</p>
      <TableBox label={t('geo.places')}>
        <table className="table" data-testid="places-table">
          <thead>
            <tr>
              <th>{t('geo.name')}</th>
              <th>{t('geo.kind')}</th>
              <th>{t('geo.aliases')}</th>
              <th>{t('geo.unit')}</th>
              <th>{t('geo.street')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} data-testid="place-row">
                <td>
                  <Link to={`/console/admin/places/${p.id}`}>{p.name}</Link>
                  {!p.active && <span className="badge"> {t('geo.state.retired')}</span>}
                </td>
                <td>{t(`geo.kind.${p.kind}` as MsgKey)}</td>
                <td>{p.aliases.join('、')}</td>
                <td>{p.unitName ?? ''}</td>
                <td>{p.streetName ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </>
  );
}

/** One place: its details to correct, retire or restore, and its history. */
export function PlaceEditPage({ id }: { id: number }) {
  const { t } = useI18n();
  const place = useApi<AdminPlace>(['admin-place', id], `/api/geo/gazetteer/${id}`);
  const [saved, setSaved] = useState(false);
  const toggle = useMutation(
    {
      mutationFn: (p: AdminPlace) => api<AdminPlace>(`/api/geo/gazetteer/${p.id}`, { method: 'PATCH', body: { version: p.version, active: !p.active } }),
      onSuccess: () => refreshPlaces(id),
    },
    queryClient,
  );
  if (place.error) return <ErrorBox error={place.error} />;
  if (!place.data) return <Loading />;
  const p = place.data;
  const retire = () => {
    if (!p.active || window.confirm(t('geo.retireConfirm', { name: p.name }))) toggle.mutate(p);
  };
  return (
    <div className="admin-page" data-testid="place-edit-page">
      <p>
        <Link to="/console/admin/places">← {t('geo.back')}</Link>
      </p>
      <Card title={p.name} testid="place-edit">
        <p className="muted small">
          {t(`geo.kind.${p.kind}` as MsgKey)} · {p.streetName ?? ''} · {p.active ? t('geo.state.active') : t('geo.state.retired')}
        </p>
        <PlaceForm key={p.version} place={p} onSaved={() => setSaved(true)} testid="place-edit-form" />
        {saved && <Notice>{t('geo.saved')}</Notice>}
        <p className="muted small">{t('geo.retireRule')}</p>
        <ErrorBox error={toggle.error} />
        <div className="buttons">
          <button type="button" onClick={retire} disabled={toggle.isPending} data-testid="place-toggle-active">
            {p.active ? t('geo.retire') : t('geo.restore')}
          </button>
        </div>
      </Card>
      <ChangeHistory path={`/api/geo/gazetteer/${id}/history`} queryKey={['admin-place-history', id]} subject="geo" />
    </div>
  );
}
