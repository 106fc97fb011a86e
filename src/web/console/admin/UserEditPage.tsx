import './admin-people.css';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { UserView } from '../../../server/modules/org/user-queries.ts';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';
import { ChangeHistory } from './ChangeHistory.tsx';
import { grantsOf, RoleChecks, type RoleDraft } from './role-checks.tsx';

const userKey = (username: string) => ['admin-user', username];

function draftOf(u: UserView) {
  const units: RoleDraft['units'] = {};
  for (const g of u.grants) {
    if (g.role in units) continue; // a role held in two units: the first is shown, and the page says so
    units[g.role] = g.unitId === null ? null : { id: g.unitId, code: g.unitCode ?? '', name: g.unitName ?? '', kind: g.unitKind ?? '', parent_id: null, district_id: null };
  }
  return { displayName: u.displayName, phone: u.phone ?? '', locale: u.locale, roles: { roles: Object.keys(units), units } as RoleDraft };
}

async function refresh(username: string) {
  await Promise.all([queryClient.invalidateQueries({ queryKey: userKey(username) }), queryClient.invalidateQueries({ queryKey: ['admin-users'] }), queryClient.invalidateQueries({ queryKey: ['admin-user-history', username] })]);
}

/** One account: name, phone, language, roles in a unit; deactivation, password reset and the history of changes. */
export function UserEditPage({ username }: { username: string }) {
  const { t } = useI18n();
  const user = useApi<UserView>(userKey(username), `/api/users/${encodeURIComponent(username)}`);
  const actions = useUserActions(username);
  if (user.error) return <ErrorBox error={user.error} />;
  if (!user.data) return <Loading />;
  return (
    <div className="admin-page" data-testid="user-edit-page">
      <p>
        <Link to="/console/admin/users">← {t('people.back')}</Link>
      </p>
      <UserForm key={user.data.version} user={user.data} actions={actions} />
      <ChangeHistory path={`/api/users/${encodeURIComponent(username)}/history`} queryKey={['admin-user-history', username]} />
    </div>
  );
}

/** The page's actions outlive the form, which starts afresh from each new version: a shown password or notice stays. */
function useUserActions(username: string) {
  const { t } = useI18n();
  const [done, setDone] = useState<string | null>(null);
  const path = `/api/users/${encodeURIComponent(username)}`;
  const save = useMutation(
    {
      mutationFn: (body: Record<string, unknown>) => api<UserView>(path, { method: 'PATCH', body }),
      onMutate: () => setDone(null),
      onSuccess: (_r, body) => {
        setDone(body.active === false ? t('people.deactivated') : body.active === true ? t('people.reactivated') : t('people.saved'));
        return refresh(username);
      },
    },
    queryClient,
  );
  const reset = useMutation({ mutationFn: () => api<{ password: string }>(`${path}/reset-password`, { body: {} }), onSuccess: () => refresh(username) }, queryClient);
  return { save, reset, done };
}

function UserForm({ user, actions }: { user: UserView; actions: ReturnType<typeof useUserActions> }) {
  const { t, locale } = useI18n();
  const [d, setD] = useState(() => draftOf(user));
  const { reset, done } = actions;
  const save = { ...actions.save, mutate: (body: Record<string, unknown>) => actions.save.mutate({ version: user.version, ...body }) };
  const twice = new Set(user.grants.map((g) => g.role)).size < user.grants.length;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { displayName: d.displayName, phone: d.phone.trim() || null, locale: d.locale };
    if (user.kind === 'staff') body.grants = grantsOf(d.roles).map((g) => ({ role: g.role, unitId: g.unitId }));
    save.mutate(body);
  };
  const toggleActive = () => {
    if (user.active && !window.confirm(t('people.deactivateConfirm', { name: user.displayName }))) return;
    save.mutate({ active: !user.active });
  };
  const doReset = () => {
    if (window.confirm(t('people.resetConfirm', { name: user.displayName }))) reset.mutate();
  };

  return (
    <Card title={locale === 'en' ? `${user.displayName} (${user.username})` : `${user.displayName}（${user.username}）`} testid="user-edit">
      <p className="muted small">
        {t(`people.kind.${user.kind}`)} · {user.active ? t('people.active') : t('people.inactive')}
      </p>
      <form className="form" onSubmit={submit} aria-label={t('people.editOf', { name: user.displayName })}>
        <div className="row">
          <Field label={t('people.displayName')} required>
            <input value={d.displayName} required maxLength={50} onChange={(e) => setD({ ...d, displayName: e.target.value })} data-testid="user-edit-name" />
          </Field>
          <Field label={t('people.phone')}>
            <input type="tel" value={d.phone} maxLength={20} onChange={(e) => setD({ ...d, phone: e.target.value })} data-testid="user-edit-phone" />
          </Field>
          <Field label={t('people.locale')}>
            <select value={d.locale} onChange={(e) => setD({ ...d, locale: e.target.value })} data-testid="user-edit-locale">
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </Field>
        </div>
        {user.kind === 'staff' ? <RoleChecks value={d.roles} onChange={(roles) => setD({ ...d, roles })} testid="user-edit" /> : <p className="muted">{t('people.citizenRoles')}</p>}
        {twice && <p className="warn-box">{t('people.multiUnit')}</p>}
        <ErrorBox error={save.error ?? reset.error} />
        {done && <Notice>{done}</Notice>}
        {reset.data && (
          <div className="notice" role="status" data-testid="user-reset-done">
            {t('people.resetDone')} <code data-testid="user-reset-password">{reset.data.password}</code>
          </div>
        )}
        <div className="buttons">
          <button type="submit" className="primary" disabled={save.isPending} data-testid="user-save">
            {save.isPending ? t('common.submitting') : t('people.save')}
          </button>
          <button type="button" onClick={toggleActive} disabled={save.isPending} data-testid="user-toggle-active">
            {user.active ? t('people.deactivate') : t('people.reactivate')}
          </button>
          <button type="button" onClick={doReset} disabled={reset.isPending} data-testid="user-reset">
            {t('people.reset')}
          </button>
        </div>
      </form>
    </Card>
  );
}
