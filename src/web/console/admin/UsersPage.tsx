import './admin-people.css';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../shared/labels.ts';
import type { UserView } from '../../../server/modules/org/user-queries.ts';
import { UNIT_KINDS } from '../../../shared/org-rules.ts';
import { qs } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { useApi, useDebounced } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';
import { TableBox } from '../../shared/table-box.tsx';
import type { Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { UserCreateForm } from './UserCreateForm.tsx';
import { rolesText } from './role-checks.tsx';

const PAGE_SIZE = 25;

/** 账号与角色: every account, searched and filtered, each opening its edit page; and a new account. */
export function UsersPage() {
  const { t, L, locale } = useI18n();
  const [q, setQ] = useState('');
  const [unit, setUnit] = useState<Unit | null>(null);
  const [role, setRole] = useState('');
  const [active, setActive] = useState('');
  const [page, setPage] = useState(1);
  const search = useDebounced(q.trim(), 250);
  const params = { q: search, unitId: unit?.id, role, active, page, pageSize: PAGE_SIZE };
  const list = useApi<{ items: UserView[]; total: number }>(['admin-users', params], `/api/users${qs(params)}`, { placeholderPrevious: true });
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <div className="admin-page" data-testid="users-page">
      <Card title={t('people.users')}>
        <div className="row filters" role="search">
          <Field label={t('people.search')} hint={t('people.searchHint')}>
            <input type="search" value={q} maxLength={50} onChange={(e) => filter(setQ)(e.target.value)} data-testid="users-search" />
          </Field>
          <UnitPicker label={t('people.unitFilter')} kinds={[...UNIT_KINDS]} value={unit ? [unit] : []} onChange={(u) => filter(setUnit)(u[0] ?? null)} testid="users-unit" />
          <Field label={t('people.role')}>
            <select value={role} onChange={(e) => filter(setRole)(e.target.value)} data-testid="users-role">
              <option value="">{t('people.anyRole')}</option>
              {Object.keys(ROLE_LABELS).map((r) => (
                <option key={r} value={r}>
                  {L(ROLE_LABELS, r)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('people.state')}>
            <select value={active} onChange={(e) => filter(setActive)(e.target.value)} data-testid="users-active">
              <option value="">{t('people.anyState')}</option>
              <option value="true">{t('people.active')}</option>
              <option value="false">{t('people.inactive')}</option>
            </select>
          </Field>
        </div>
        <ErrorBox error={list.error} />
        {!list.data ? (
          <Loading />
        ) : (
          <>
            <p className="muted small" aria-live="polite">
              {t('people.total', { n: list.data.total })}
            </p>
            {list.data.items.length === 0 ? (
              <p className="muted">{t('people.none')}</p>
            ) : (
              <TableBox label={t('people.users')}>
                <table className="table" data-testid="users-table">
                  <thead>
                    <tr>
                      <th>{t('people.username')}</th>
                      <th>{t('people.displayName')}</th>
                      <th>{t('people.roles')}</th>
                      <th>{t('people.phone')}</th>
                      <th>{t('people.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((u) => (
                      <tr key={u.id} data-testid="user-row" data-username={u.username}>
                        <td>
                          <Link to={`/console/admin/users/${u.username}`}>{u.username}</Link>
                        </td>
                        <td>{u.displayName}</td>
                        <td>{rolesText(u.grants, { L, locale }) || t(`people.kind.${u.kind}`)}</td>
                        <td className="nowrap">{u.phone ?? ''}</td>
                        <td>{u.active ? t('people.active') : <span className="badge">{t('people.inactive')}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableBox>
            )}
            {pages > 1 && (
              <div className="buttons">
                <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  {t('people.prev')}
                </button>
                <span>{t('people.page', { page, pages })}</span>
                <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                  {t('people.next')}
                </button>
              </div>
            )}
          </>
        )}
      </Card>
      <UserCreateForm />
    </div>
  );
}
