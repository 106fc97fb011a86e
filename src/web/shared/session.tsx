import { useQuery } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { ROLE_LABELS } from '../../shared/labels.ts';
import { api, ApiError } from './api.ts';
import { ErrorBox, Field } from './components.tsx';
import { useI18n } from './i18n.ts';
import { queryClient } from './query.tsx';
import type { Me } from './types.ts';

const SESSION_KEY = ['session'];

/** undefined while asking the server, null when signed out. */
export function useSession() {
  // Signed out answers 200 with null: a 401 here would be logged as an error on every signed-out load.
  const q = useQuery(
    { queryKey: SESSION_KEY, queryFn: async () => (await api<{ me: Me | null }>('/api/auth/session')).me, staleTime: Infinity, retry: false },
    queryClient,
  );
  const setMe = useCallback((me: Me | null) => {
    // Another person's cached pages must not show through: a new sign-in starts from an empty cache.
    queryClient.removeQueries({ predicate: (x) => x.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, me);
  }, []);
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: SESSION_KEY }), []);
  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } finally {
      setMe(null);
    }
  }, [setMe]);
  const me = q.isError ? null : q.data;
  const error = q.error instanceof ApiError && q.error.status === 401 ? null : q.error;
  return { me, setMe, logout, error, refresh };
}

export const hasRole = (me: Me | null | undefined, ...roles: string[]) => !!me && me.grants.some((g) => roles.includes(g.role));

export function RoleList({ me }: { me: Me }) {
  const { L, locale } = useI18n();
  const [open, close, sep] = locale === 'en' ? [' (', ')', ', '] : ['（', '）', '、'];
  return (
    <span className="roles" data-testid="user-roles">
      {me.grants.map((g) => `${L(ROLE_LABELS, g.role)}${g.unitName ? `${open}${g.unitName}${close}` : ''}`).join(sep)}
    </span>
  );
}

type LoginProps = { title: string; subtitle?: string; onLogin: (me: Me) => void; footer?: ReactNode };

export function LoginForm({ title, subtitle, onLogin, footer }: LoginProps) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ me: Me }>('/api/auth/login', { body: { username: username.trim(), password } });
      onLogin(r.me);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login card" onSubmit={submit} aria-label={t('login.title')} data-testid="login-form">
      <h1>{title}</h1>
      {subtitle && <p className="muted">{subtitle}</p>}
      <Field label={t('login.username')}>
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required data-testid="login-username" />
      </Field>
      <Field label={t('login.password')}>
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="login-password" />
      </Field>
      <ErrorBox error={error} />
      <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
        {busy ? t('login.busy') : t('login.submit')}
      </button>
      {footer}
    </form>
  );
}
