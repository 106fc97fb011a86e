import { useEffect, useState } from 'react';
import { ApiError } from '../shared/api.ts';
import { Brand, ErrorBox, LangToggle, Loading, Notice } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { hasRole, LoginForm, useSession } from '../shared/session.tsx';
import type { Me } from '../shared/types.ts';
import { GridReport } from './GridReport.tsx';
import { GridTasks } from './GridTasks.tsx';
import { MyReports } from './MyReports.tsx';
import { Outbox } from './Outbox.tsx';
import { QuickReport } from './QuickReport.tsx';
import { listOutbox, onOutbox, startOutbox, type Queued } from './outbox.ts';
import './grid.css';

type Tab = 'report' | 'tasks' | 'mine';
const ME_KEY = 'shaobao.grid.me';

/** Who was signed in last on this phone: without network the session cannot be asked, and the work goes on. */
function rememberedMe(): Me | null {
  try {
    return JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The grid member's phone app: report what the patrol found (also offline), verify finished orders, see what became of reports. */
export function GridApp() {
  const { t } = useI18n();
  const session = useSession();
  const online = useOnline();
  // The server could not be reached: offline whatever navigator.onLine says (a page reopened from the worker, a dead hotspot).
  const unreachable = session.error instanceof ApiError && session.error.status === 0;
  const offlineMe = unreachable ? rememberedMe() : null;
  const me = session.me ?? offlineMe ?? session.me;
  const [tab, setTab] = useState<Tab>('report');
  // Kept here, above the tabs: the report form unmounts when the list is shown.
  const [filed, setFiled] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<Queued[]>([]);

  useEffect(() => {
    document.title = `${t('grid.title')} — ${t('brand')}`;
  }, [t]);

  useEffect(() => {
    if (session.me && hasRole(session.me, 'grid_member')) localStorage.setItem(ME_KEY, JSON.stringify(session.me));
  }, [session.me]);

  const member = hasRole(me, 'grid_member');
  useEffect(() => {
    if (!member) return;
    const off = onOutbox(({ sent, waiting: w }) => {
      setWaiting(w);
      const last = sent[sent.length - 1];
      if (last) {
        // the server answered again: the session can be asked now
        void session.refresh();
        setFiled(last.code);
        setTab('mine');
      }
    });
    void listOutbox().then(setWaiting);
    startOutbox();
    return () => void off();
  }, [member, session.refresh]);

  useEffect(() => {
    if (online && unreachable) void session.refresh();
  }, [online, unreachable, session.refresh]);

  if (me === undefined) return <Loading />;
  const gridId = me?.grants.find((g) => g.role === 'grid_member')?.unitId ?? null;
  const queued = (n: number) => {
    if (n > 0) setFiled(null);
  };
  const pending = waiting.filter((q) => !q.failed).length;
  return (
    <div className="app grid-app">
      <header className="topbar compact">
        <Brand title={t('grid.title')} />
        {(!online || unreachable) && (
          <span className="offline-badge" data-testid="grid-offline">
            {t('grid.offline')}
          </span>
        )}
        <LangToggle />
      </header>
      <main className="content mobile">
        {!me || !member ? (
          <>
            <ErrorBox error={session.error} />
            {me && <p className="notice">{t('grid.membersOnly')}</p>}
            <LoginForm title={t('grid.title')} subtitle={t('grid.loginHint')} onLogin={session.setMe} />
          </>
        ) : (
          <>
            <div className="grid-user">
              <span data-testid="user-name">{me.displayName}</span>
              <button type="button" className="link-button" onClick={() => void session.logout()} data-testid="logout">
                {t('login.logout')}
              </button>
            </div>
            <nav className="tabs" aria-label={t('grid.title')}>
              {(['report', 'tasks', 'mine'] as const).map((k) => (
                <button key={k} type="button" aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)} data-testid={`grid-tab-${k}`}>
                  {t(k === 'report' ? 'grid.report' : k === 'tasks' ? 'grid.tasks' : 'grid.mine')}
                </button>
              ))}
            </nav>
            {filed && (
              <Notice>
                <span data-testid="grid-filed">{t('grid.filed', { code: filed })}</span>
              </Notice>
            )}
            {pending > 0 && (
              <p className="notice" role="status" data-testid="grid-queued">
                {t('grid.queued', { n: pending })}
              </p>
            )}
            <Outbox items={waiting} />
            {tab === 'report' && (
              <>
                <QuickReport gridId={gridId} onQueued={queued} />
                <GridReport me={me} onQueued={queued} />
              </>
            )}
            {tab === 'tasks' && <GridTasks />}
            {tab === 'mine' && <MyReports />}
          </>
        )}
      </main>
    </div>
  );
}
