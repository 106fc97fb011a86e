import { lazy, Suspense, useEffect } from 'react';
import { Brand, LangToggle, Loading, ErrorBox } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { Link, navigate, useLocation } from '../shared/router.ts';
import { hasRole, LoginForm, RoleList, useSession } from '../shared/session.tsx';
import { QueuePage } from './QueuePage.tsx';
import { OrderPage } from './OrderPage.tsx';
import { IntakePage } from './IntakePage.tsx';
import { WhistleNavLink } from './whistles/OrderWhistles.tsx';
import { InboxBadge } from './inbox/InboxBadge.tsx';
import { InboxPage } from './inbox/InboxPage.tsx';

export const INTAKE_ROLES = ['intake_agent', 'dispatcher', 'hotline_supervisor', 'grid_member'];
const TAXONOMY_ROLES = ['admin', 'hotline_supervisor', 'district_supervisor', 'dispatcher'];
const DUTY_LIST_ROLES = ['admin', 'hotline_supervisor', 'district_supervisor', 'street_staff', 'dispatcher'];

// Reference data pages are visited now and then: their code loads when first opened.
const TaxonomyPage = lazy(() => import('./reference/TaxonomyPage.tsx').then((m) => ({ default: m.TaxonomyPage })));
const DutyListsPage = lazy(() => import('./reference/DutyListsPage.tsx').then((m) => ({ default: m.DutyListsPage })));
const WhistleBoard = lazy(() => import('./whistles/WhistleBoard.tsx').then((m) => ({ default: m.WhistleBoard })));
const WhistlePage = lazy(() => import('./whistles/WhistlePage.tsx').then((m) => ({ default: m.WhistlePage })));
const BlowWhistlePage = lazy(() => import('./whistles/BlowWhistlePage.tsx').then((m) => ({ default: m.BlowWhistlePage })));
const StationedPage = lazy(() => import('./whistles/StationedPage.tsx').then((m) => ({ default: m.StationedPage })));
const CoordinationPage = lazy(() => import('./whistles/CoordinationPage.tsx').then((m) => ({ default: m.CoordinationPage })));
const CataloguePage = lazy(() => import('./reference/CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const AnalysisPage = lazy(() => import('./analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));
const DrilldownPage = lazy(() => import('./analysis/DrilldownPage.tsx').then((m) => ({ default: m.DrilldownPage })));
const EvaluationApp = lazy(() => import('./evaluation/EvaluationApp.tsx').then((m) => ({ default: m.EvaluationApp })));
const ThemesPage = lazy(() => import('./themes/ThemesPage.tsx').then((m) => ({ default: m.ThemesPage })));
const ThemePage = lazy(() => import('./themes/ThemePage.tsx').then((m) => ({ default: m.ThemePage })));
const LongTermPage = lazy(() => import('./themes/LongTermPage.tsx').then((m) => ({ default: m.LongTermPage })));
const ForecastsPage = lazy(() => import('./forecasts/ForecastsPage.tsx').then((m) => ({ default: m.ForecastsPage })));
const AdminPage = lazy(() => import('./admin/AdminPage.tsx').then((m) => ({ default: m.AdminPage })));
const SlaPage = lazy(() => import('./admin/SlaPage.tsx').then((m) => ({ default: m.SlaPage })));
const CalendarPage = lazy(() => import('./admin/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));

export function ConsoleApp() {
  const { t } = useI18n();
  const { me, setMe, logout, error } = useSession();
  const { path } = useLocation();

  useEffect(() => {
    document.title = `${t('console.title')} — ${t('brand')}`;
  }, [t]);

  if (me === undefined) return <Loading />;
  if (!me) {
    return (
      <div className="page-center">
        <div className="corner">
          <LangToggle />
        </div>
        <ErrorBox error={error} />
        <LoginForm title={t('console.title')} subtitle={t('console.loginHint')} onLogin={setMe} />
      </div>
    );
  }

  const orderMatch = /^\/console\/orders\/(\d+)\/?$/.exec(path);
  let page;
  const citizen = me.kind === 'citizen';
  if (citizen) {
    page = (
      <p className="notice" data-testid="citizen-notice">
        {t('console.citizenNotice')} <a href="/">{t('console.toPortal')}</a>
      </p>
    );
  }
  else if (orderMatch) page = <OrderPage key={orderMatch[1]} id={Number(orderMatch[1])} me={me} />;
  else if (/^\/console\/intake\/?$/.test(path)) page = <IntakePage me={me} />;
  else if (/^\/console\/taxonomy\/?$/.test(path)) page = <TaxonomyPage me={me} />;
  else if (/^\/console\/duty-lists\/?$/.test(path)) page = <DutyListsPage me={me} />;
  else if (/^\/console\/dispatch-rules\/?$/.test(path)) page = <CataloguePage />;
  else if (/^\/console\/whistles\/new\/?$/.test(path)) page = <BlowWhistlePage me={me} />;
  else if (/^\/console\/whistles\/stationed\/?$/.test(path)) page = <StationedPage me={me} />;
  else if (/^\/console\/whistles\/coordination\/?$/.test(path)) page = <CoordinationPage />;
  else if (/^\/console\/whistles\/(\d+)\/?$/.test(path)) page = <WhistlePage key={path} id={Number(path.split('/')[3])} />;
  else if (/^\/console\/whistles\/?$/.test(path)) page = <WhistleBoard me={me} />;
  else if (/^\/console\/notifications\/?$/.test(path)) page = <InboxPage />;
  else if (/^\/console\/evaluation(\/|$)/.test(path)) page = <EvaluationApp me={me} />;
  else if (/^\/console\/analysis\/orders\/?$/.test(path)) page = <DrilldownPage />;
  else if (/^\/console\/analysis\/?$/.test(path)) page = <AnalysisPage />;
  else if (/^\/console\/themes\/(\d+)\/?$/.test(path)) page = <ThemePage key={path} id={Number(path.split('/')[3])} />;
  else if (/^\/console\/themes\/?$/.test(path)) page = <ThemesPage me={me} />;
  else if (/^\/console\/long-term\/?$/.test(path)) page = <LongTermPage me={me} />;
  else if (/^\/console\/forecasts(\/|$)/.test(path)) page = <ForecastsPage me={me} />;
  else if (/^\/console\/admin\/?$/.test(path)) page = <AdminPage />;
  else if (/^\/console\/admin\/sla\/?$/.test(path)) page = <SlaPage />;
  else if (/^\/console\/admin\/calendar\/?$/.test(path)) page = <CalendarPage />;
  else if (/^\/console\/?$/.test(path)) page = <QueuePage me={me} />;
  else page = <p className="notice">{t('common.notFound')}</p>;

  return (
    <div className="app">
      <header className="topbar">
        <Brand title={`${t('brand')} · ${t('console.title')}`} />
        {!citizen && (
        <nav className="mainnav" aria-label={t('console.nav')}>
          <Link to="/console" aria-current={path === '/console' ? 'page' : undefined} data-testid="nav-queue">
            {t('nav.queue')}
          </Link>
          {hasRole(me, ...INTAKE_ROLES) && (
            <Link to="/console/intake" aria-current={path.startsWith('/console/intake') ? 'page' : undefined} data-testid="nav-intake">
              {t('nav.intake')}
            </Link>
          )}
          {hasRole(me, ...TAXONOMY_ROLES) && (
            <Link to="/console/taxonomy" aria-current={path.startsWith('/console/taxonomy') ? 'page' : undefined} data-testid="nav-taxonomy">
              {t('nav.taxonomy')}
            </Link>
          )}
          {hasRole(me, ...DUTY_LIST_ROLES) && (
            <Link to="/console/duty-lists" aria-current={path.startsWith('/console/duty-lists') ? 'page' : undefined} data-testid="nav-duty-lists">
              {t('nav.dutyLists')}
            </Link>
          )}
          {me.kind === 'staff' && (
            <Link to="/console/dispatch-rules" aria-current={path.startsWith('/console/dispatch-rules') ? 'page' : undefined} data-testid="nav-catalogue">
              {t('nav.catalogue')}
            </Link>
          )}
          {me.kind === 'staff' && <WhistleNavLink path={path} />}
          {me.kind === 'staff' && (
            <Link to="/console/evaluation" aria-current={path.startsWith('/console/evaluation') ? 'page' : undefined} data-testid="nav-evaluation">
              {t('nav.evaluation')}
            </Link>
          )}
          {me.kind === 'staff' && (
            <Link to="/console/analysis" aria-current={path.startsWith('/console/analysis') ? 'page' : undefined} data-testid="nav-analysis">
              {t('nav.analysis')}
            </Link>
          )}
          {me.kind === 'staff' && (
            <Link to="/console/themes" aria-current={path.startsWith('/console/themes') ? 'page' : undefined} data-testid="nav-themes">
              {t('nav.themes')}
            </Link>
          )}
          {me.kind === 'staff' && (
            <Link to="/console/long-term" aria-current={path.startsWith('/console/long-term') ? 'page' : undefined} data-testid="nav-long-term">
              {t('nav.longTerm')}
            </Link>
          )}
          {me.kind === 'staff' && (
            <Link to="/console/forecasts" aria-current={path.startsWith('/console/forecasts') ? 'page' : undefined} data-testid="nav-forecasts">
              {t('nav.forecasts')}
            </Link>
          )}
          {hasRole(me, 'admin') && (
            <Link to="/console/admin" aria-current={path.startsWith('/console/admin') ? 'page' : undefined} data-testid="nav-admin">
              {t('nav.admin')}
            </Link>
          )}
          <a href="/command-centre">{t('nav.commandCentre')}</a>
          {me.kind === 'staff' && <InboxBadge active={path.startsWith('/console/notifications')} />}
        </nav>
        )}
        <div className="userbox">
          <span className="username" data-testid="user-name">
            {me.displayName}
          </span>
          <RoleList me={me} />
          <LangToggle />
          <button
            type="button"
            className="link-button"
            data-testid="logout"
            onClick={async () => {
              await logout();
              navigate('/console');
            }}
          >
            {t('login.logout')}
          </button>
        </div>
      </header>
      <main className="content">
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </main>
    </div>
  );
}
