import { useState } from 'react';
import './admin-people.css';
import type { UnitView } from '../../../server/modules/org/unit-queries.ts';
import { UNIT_KINDS } from '../../../shared/org-rules.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { UNIT_KIND_LABELS } from '../../shared/extra-labels.ts';
import { useI18n } from '../../shared/i18n.ts';
import { useApi } from '../../shared/query.tsx';
import { Link, navigate } from '../../shared/router.ts';
import { TableBox } from '../../shared/table-box.tsx';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { BoundaryCard, BOUNDARY_KINDS } from './BoundaryCard.tsx';
import { ChangeHistory } from './ChangeHistory.tsx';
import { UnitCreateForm, UnitEditForm, unitVersionKey, type AdminUnit } from './UnitForms.tsx';

/** 组织机构: the tree walked from the city down, one unit at a time with the units under it, its details, a new unit under it and its history. */
export function UnitsPage({ id }: { id: number | null }) {
  const { t } = useI18n();
  const city = useApi<{ items: UnitView[] }>(['admin-units', 'city'], id === null ? '/api/units?kind=city&limit=1' : null);
  const current = id ?? city.data?.items[0]?.id ?? null;
  const unit = useApi<AdminUnit>(['admin-unit', current], current === null ? null : `/api/units/${current}`);
  // The form remounts on every new version (its own save's too): the notice of a save lives here.
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const error = city.error ?? unit.error;
  if (error) return <ErrorBox error={error} />;
  if (!unit.data) return <Loading />;
  const u = unit.data;
  return (
    <div className="admin-page" data-testid="units-page">
      <Card title={t('orgunit.units')}>
        <UnitPicker label={t('orgunit.search')} kinds={[...UNIT_KINDS]} value={[]} onChange={(x) => x[0] && navigate(`/console/admin/units/${x[0].id}`)} testid="units-find" />
        <nav aria-label={t('orgunit.path')}>
          <ol className="breadcrumb" data-testid="unit-chain">
            {(u.chain ?? []).map((c, i, all) => (
              <li key={c.id}>{i === all.length - 1 ? <strong aria-current="page">{c.name}</strong> : <Link to={`/console/admin/units/${c.id}`}>{c.name}</Link>}</li>
            ))}
          </ol>
        </nav>
      </Card>
      <UnitEditForm key={unitVersionKey(u)} unit={u} saved={savedAs === unitVersionKey(u)} onSaved={setSavedAs} />
      {BOUNDARY_KINDS.includes(u.kind) && <BoundaryCard key={`boundary-${u.id}`} unitId={u.id} />}
      <Children parent={u} />
      <UnitCreateForm key={`new-${u.id}`} parent={u} />
      <ChangeHistory path={`/api/units/${u.id}/history`} queryKey={['admin-unit-history', u.id]} />
    </div>
  );
}

function Children({ parent }: { parent: AdminUnit }) {
  const { t, L } = useI18n();
  const list = useApi<{ items: AdminUnit[] }>(['admin-units', 'children', parent.id], `/api/units?parentId=${parent.id}&includeInactive=true&limit=1000`);
  return (
    <Card title={t('orgunit.children')}>
      {list.error ? (
        <ErrorBox error={list.error} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('orgunit.noChildren')}</p>
      ) : (
        <TableBox label={t('orgunit.children')}>
          <table className="table" data-testid="unit-children">
            <thead>
              <tr>
                <th>{t('orgunit.name')}</th>
                <th>{t('orgunit.shortName')}</th>
                <th>{t('orgunit.kind')}</th>
                <th>{t('orgunit.code')}</th>
                <th>{t('orgunit.phone')}</th>
                <th>{t('orgunit.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} data-testid="unit-child" data-code={c.code}>
                  <td>
                    <Link to={`/console/admin/units/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.short_name ?? ''}</td>
                  <td>{L(UNIT_KIND_LABELS, c.kind)}</td>
                  <td className="nowrap">{c.code}</td>
                  <td className="nowrap">{c.phone ?? ''}</td>
                  <td>{c.active ? t('people.active') : <span className="badge">{t('people.inactive')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </Card>
  );
}
