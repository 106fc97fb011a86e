import { useEffect } from 'react';
import { Brand, ErrorBox, LangToggle, Loading } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { LoginForm, RoleList, useSession } from '../shared/session.tsx';
import { Dashboard } from './Dashboard.tsx';

export function CommandCentreApp() {
  const { t } = useI18n();
  const { me, setMe, logout, error } = useSession();

  useEffect(() => {
    document.title = `${t('cc.title')} — ${t('brand')}`;
  }, [t]);

  if (me === undefined) return <Loading />;
  if (!me || me.kind !== 'staff') {
    return (
      <div className="page-center">
        <div className="corner">
          <LangToggle />
        </div>
        <ErrorBox error={error} />
        {me && <p className="notice">{t('cc.staffOnly')}</p>}
        <LoginForm title={t('cc.title')} subtitle={t('cc.loginHint')} onLogin={setMe} />
      </div>
    );
  }
  return (
    <div className="app cc">
      <header className="topbar">
        <Brand title={`${t('brand')} · ${t('cc.title')}`} />
        <nav className="mainnav">
          <a href="/console">{t('nav.console')}</a>
        </nav>
        <div className="userbox">
          <span className="username" data-testid="user-name">
            {me.displayName}
          </span>
          <RoleList me={me} />
          <LangToggle />
          <button type="button" className="link-button" onClick={() => void logout()} data-testid="logout">
            {t('login.logout')}
          </button>
        </div>
      </header>
      <main className="content">
        <Dashboard />
      </main>
    </div>
  );
}
