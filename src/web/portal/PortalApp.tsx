import { useEffect } from 'react';
import { LangToggle } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { Link, useLocation } from '../shared/router.ts';
import { useSession } from '../shared/session.tsx';
import { FileRequest } from './FileRequest.tsx';
import { TrackRequest } from './TrackRequest.tsx';
import { MyRequests } from './MyRequests.tsx';

// The server answers only "/" with the portal page, so views are a query parameter rather than paths.
const VIEWS = ['file', 'track', 'my'] as const;
type View = (typeof VIEWS)[number];

export function PortalApp() {
  const { t } = useI18n();
  const { query } = useLocation();
  const session = useSession();
  const view: View = (VIEWS as readonly string[]).includes(query.get('view') ?? '') ? (query.get('view') as View) : 'file';
  const citizen = session.me && session.me.kind === 'citizen' ? session.me : null;

  useEffect(() => {
    document.title = `${t('portal.title')} — ${t('brand')}`;
  }, [t]);

  const tab = (v: View, label: string) => (
    <Link to={v === 'file' ? '/' : `/?view=${v}`} aria-current={view === v ? 'page' : undefined} data-testid={`portal-tab-${v}`}>
      {label}
    </Link>
  );

  return (
    <div className="app portal">
      <header className="topbar portal-bar">
        <div className="brand">
          <span className="logo hotline" aria-hidden="true">
            12345
          </span>
          <span>
            <strong>{t('portal.title')}</strong>
            <small className="tagline">{t('portal.tagline')}</small>
          </span>
        </div>
        <div className="userbox">
          {citizen && <span data-testid="user-name">{citizen.displayName}</span>}
          <LangToggle />
        </div>
      </header>
      <nav className="tabs" aria-label={t('portal.nav')}>
        {tab('file', t('portal.file'))}
        {tab('track', t('portal.track'))}
        {tab('my', t('portal.my'))}
      </nav>
      <main className="content narrow">
        {view === 'file' && <FileRequest citizen={citizen} staff={session.me?.kind === 'staff'} />}
        {view === 'track' && <TrackRequest initialCode={query.get('code') ?? ''} signedIn={!!citizen} />}
        {view === 'my' && <MyRequests session={session} />}
      </main>
      <footer className="footer muted small">{t('portal.footer')}</footer>
    </div>
  );
}
