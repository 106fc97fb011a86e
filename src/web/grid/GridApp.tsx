import { useEffect, useState } from 'react';
import { Brand, ErrorBox, LangToggle, Loading, Notice } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { hasRole, LoginForm, useSession } from '../shared/session.tsx';
import { GridReport } from './GridReport.tsx';
import { MyReports } from './MyReports.tsx';

type Tab = 'report' | 'mine';

/** The grid member's phone app: report what the patrol found, see what became of it. */
export function GridApp() {
  const { t } = useI18n();
  const { me, setMe, logout, error } = useSession();
  const [tab, setTab] = useState<Tab>('report');
  // Kept here, above the tabs: the report form unmounts when the list is shown.
  const [filed, setFiled] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('grid.title')} — ${t('brand')}`;
  }, [t]);

  if (me === undefined) return <Loading />;
  const member = hasRole(me, 'grid_member');
  return (
    <div className="app grid-app">
      <header className="topbar compact">
        <Brand title={t('grid.title')} />
        <LangToggle />
      </header>
      <main className="content mobile">
        {!me || !member ? (
          <>
            <ErrorBox error={error} />
            {me && <p className="notice">{t('grid.membersOnly')}</p>}
            <LoginForm title={t('grid.title')} subtitle={t('grid.loginHint')} onLogin={setMe} />
          </>
        ) : (
          <>
            <div className="grid-user">
              <span data-testid="user-name">{me.displayName}</span>
              <button type="button" className="link-button" onClick={() => void logout()} data-testid="logout">
                {t('login.logout')}
              </button>
            </div>
            <nav className="tabs" aria-label={t('grid.title')}>
              <button type="button" aria-current={tab === 'report' ? 'page' : undefined} onClick={() => setTab('report')} data-testid="grid-tab-report">
                {t('grid.report')}
              </button>
              <button type="button" aria-current={tab === 'mine' ? 'page' : undefined} onClick={() => setTab('mine')} data-testid="grid-tab-mine">
                {t('grid.mine')}
              </button>
            </nav>
            {filed && (
              <Notice>
                <span data-testid="grid-filed">{t('grid.filed', { code: filed })}</span>
              </Notice>
            )}
            {tab === 'report' ? (
              <GridReport
                me={me}
                onFiled={(code) => {
                  setFiled(code);
                  setTab('mine');
                }}
              />
            ) : (
              <MyReports />
            )}
          </>
        )}
      </main>
    </div>
  );
}
