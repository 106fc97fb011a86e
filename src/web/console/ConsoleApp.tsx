import { lazy, Suspense, useEffect } from 'react';
import { Brand, LangToggle, Loading, ErrorBox } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { Link, navigate, useLocation } from '../shared/router.ts';
import { hasRole, LoginForm, RoleList, useSession } from '../shared/session.tsx';
import type { MsgKey } from '../shared/i18n.ts';
import type { Me } from '../shared/types.ts';
import { QueuePage } from './QueuePage.tsx';
import { OrderPage } from './OrderPage.tsx';
import { IntakePage } from './IntakePage.tsx';
import { WhistleNavLink } from './whistles/OrderWhistles.tsx';
import { InboxBadge } from './inbox/InboxBadge.tsx';
import { InboxPage } from './inbox/InboxPage.tsx';

export const INTAKE_ROLES = ['intake_agent', 'dispatcher', 'hotline_supervisor', 'grid_member'];
const TAXONOMY_ROLES = ['admin', 'hotline_supervisor', 'district_supervisor', 'dispatcher'];
const DUTY_LIST_ROLES = ['admin', 'hotline_supervisor', 'district_supervisor', 'street_staff', 'dispatcher'];

type NavItem = { to: string; label: MsgKey; testid: string; show: (me: Me) => boolean };
const staff = (me: Me) => me.kind === 'staff';
const withRole = (...roles: string[]) => (me: Me) => hasRole(me, ...roles);
// The whistle link sits between the two lists: it carries its own count of open summons.
const NAV_MAIN: NavItem[] = [
  { to: '/console', label: 'nav.queue', testid: 'nav-queue', show: () => true },
  { to: '/console/intake', label: 'nav.intake', testid: 'nav-intake', show: withRole(...INTAKE_ROLES) },
  { to: '/console/taxonomy', label: 'nav.taxonomy', testid: 'nav-taxonomy', show: withRole(...TAXONOMY_ROLES) },
  { to: '/console/duty-lists', label: 'nav.dutyLists', testid: 'nav-duty-lists', show: withRole(...DUTY_LIST_ROLES) },
  { to: '/console/dispatch-rules', label: 'nav.catalogue', testid: 'nav-catalogue', show: staff },
];
const NAV_AFTER_WHISTLES: NavItem[] = [
  { to: '/console/evaluation', label: 'nav.evaluation', testid: 'nav-evaluation', show: staff },
  { to: '/console/analysis', label: 'nav.analysis', testid: 'nav-analysis', show: staff },
  { to: '/console/themes', label: 'nav.themes', testid: 'nav-themes', show: staff },
  { to: '/console/long-term', label: 'nav.longTerm', testid: 'nav-long-term', show: staff },
  { to: '/console/forecasts', label: 'nav.forecasts', testid: 'nav-forecasts', show: staff },
  { to: '/console/admin', label: 'nav.admin', testid: 'nav-admin', show: withRole('admin') },
];

function NavLinks({ items, me, path }: { items: NavItem[]; me: Me; path: string }) {
  const { t } = useI18n();
  return (
    <>
      {items
        .filter((i) => i.show(me))
        .map((i) => {
          const here = i.to === '/console' ? path === '/console' : path.startsWith(i.to);
          return (
            <Link key={i.to} to={i.to} aria-current={here ? 'page' : undefined} data-testid={i.testid}>
              {t(i.label)}
            </Link>
          );
        })}
    </>
  );
}

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
const UsersPage = lazy(() => import('./admin/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const UserEditPage = lazy(() => import('./admin/UserEditPage.tsx').then((m) => ({ default: m.UserEditPage })));
const UnitsPage = lazy(() => import('./admin/UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const AnswerTemplatesPage = lazy(() => import('./admin/AnswerTemplatesPage.tsx').then((m) => ({ default: m.AnswerTemplatesPage })));
const WhistlePoliciesPage = lazy(() => import('./admin/WhistlePoliciesPage.tsx').then((m) => ({ default: m.WhistlePoliciesPage })));
const ClassifierModelsPage = lazy(() => import('./admin/ClassifierModelsPage.tsx').then((m) => ({ default: m.ClassifierModelsPage })));
const PlacesPage = lazy(() => import('./admin/PlacesPage.tsx').then((m) => ({ default: m.PlacesPage })));
const PlaceEditPage = lazy(() => import('./admin/PlacesPage.tsx').then((m) => ({ default: m.PlaceEditPage })));

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
  else if (/^\/console\/admin\/users\/?$/.test(path)) page = <UsersPage />;
  else if (/^\/console\/admin\/users\/[a-z0-9_.-]+\/?$/.test(path)) page = <UserEditPage key={path} username={path.split('/')[4]} />;
  else if (/^\/console\/admin\/units(\/\d+)?\/?$/.test(path)) page = <UnitsPage key={path} id={path.split('/')[4] ? Number(path.split('/')[4]) : null} />;
  else if (/^\/console\/admin\/answer-templates\/?$/.test(path)) page = <AnswerTemplatesPage />;
  else if (/^\/console\/admin\/whistle-policies\/?$/.test(path)) page = <WhistlePoliciesPage />;
  else if (/^\/console\/admin\/classifier\/?$/.test(path)) page = <ClassifierModelsPage />;
  else if (/^\/console\/admin\/places\/?$/.test(path)) page = <PlacesPage />;
  else if (/^\/console\/admin\/places\/\d+\/?$/.test(path)) page = <PlaceEditPage key={path} id={Number(path.split('/')[4])} />;
  else if (/^\/console\/?$/.test(path)) page = <QueuePage me={me} />;
  else page = <p className="notice">{t('common.notFound')}</p>;

  return (
    <div className="app">
      <header className="topbar">
        <Brand title={`${t('brand')} · ${t('console.title')}`} />
        {!citizen && (
        <nav className="mainnav" aria-label={t('console.nav')}>
          <NavLinks items={NAV_MAIN} me={me} path={path} />
          {me.kind === 'staff' && <WhistleNavLink path={path} />}
          <NavLinks items={NAV_AFTER_WHISTLES} me={me} path={path} />
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
