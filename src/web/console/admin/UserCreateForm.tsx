import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';
import { EMPTY_ROLES, grantsOf, RoleChecks, type RoleDraft } from './role-checks.tsx';

const EMPTY = { username: '', displayName: '' };

/** 新建账号: a staff account with its roles; the generated password is shown once, to be handed over in person. */
export function UserCreateForm() {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [roles, setRoles] = useState<RoleDraft>(EMPTY_ROLES);
  const create = useMutation(
    {
      mutationFn: (body: unknown) => api<{ username: string; password: string }>('/api/users', { body }),
      onSuccess: () => {
        setForm(EMPTY);
        setRoles(EMPTY_ROLES);
        return queryClient.invalidateQueries({ queryKey: ['admin-users'] });
      },
    },
    queryClient,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...form, roles: grantsOf(roles).map((g) => ({ role: g.role, unitCode: g.unitCode })) });
  };
  return (
    <Card title={t('people.new')} testid="user-create">
      <form className="form" onSubmit={submit} aria-label={t('people.new')}>
        <div className="row">
          <Field label={t('people.username')} hint="a-z 0-9 _ . -" required>
            <input value={form.username} required minLength={3} maxLength={40} pattern="[a-z0-9_.\-]{3,40}" autoComplete="off" onChange={(e) => setForm({ ...form, username: e.target.value })} data-testid="user-new-username" />
          </Field>
          <Field label={t('people.displayName')} required>
            <input value={form.displayName} required maxLength={50} onChange={(e) => setForm({ ...form, displayName: e.target.value })} data-testid="user-new-name" />
          </Field>
        </div>
        <RoleChecks value={roles} onChange={setRoles} testid="user-new" />
        <ErrorBox error={create.error} />
        {create.data && (
          <div className="notice" role="status" data-testid="user-created">
            {t('people.created', { username: create.data.username })} <code data-testid="user-created-password">{create.data.password}</code>{' '}
            <Link to={`/console/admin/users/${create.data.username}`}>{t('people.edit')}</Link>
          </div>
        )}
        <div className="buttons">
          <button type="submit" className="primary" disabled={create.isPending} data-testid="user-create-submit">
            {create.isPending ? t('common.submitting') : t('people.create')}
          </button>
        </div>
      </form>
    </Card>
  );
}
