import { Link, useLocation } from '../../shared/router.ts';
import { useI18n } from '../../shared/i18n.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import { RankingsPage } from './RankingsPage.tsx';
import { ScoreCardPage } from './ScoreCardPage.tsx';
import { DrillPage } from './DrillPage.tsx';
import { AppealsPage } from './AppealsPage.tsx';
import { PoliciesPage } from './PoliciesPage.tsx';
import { DimensionsPage } from './DimensionsPage.tsx';
import { DimensionMapPage } from './DimensionMapPage.tsx';
import { ReportPage } from './ReportPage.tsx';
import './evaluation.css';

/** 考评 in the console: rankings, score cards, drill-downs, appeals and the policy, under /console/evaluation. */
export function EvaluationApp({ me }: { me: Me }) {
  const { t } = useI18n();
  const { path, query } = useLocation();
  const unit = /^\/console\/evaluation\/units\/(\d+)\/?$/.exec(path);
  const report = /^\/console\/evaluation\/reports\/(\d+)\/?$/.exec(path);
  let page;
  if (report) page = <ReportPage key={report[1]} unitId={Number(report[1])} initialPeriod={query.get('period')} />;
  else if (unit) page = <ScoreCardPage key={unit[1]} unitId={Number(unit[1])} initialPeriod={query.get('period')} />;
  else if (/\/drill\/?$/.test(path)) page = <DrillPage me={me} unitId={Number(query.get('unitId'))} period={query.get('period') ?? ''} filter={query.get('filter') ?? 'all'} />;
  else if (/\/appeals\/?$/.test(path)) page = <AppealsPage me={me} />;
  else if (/\/policies\/?$/.test(path)) page = <PoliciesPage me={me} />;
  else if (/\/dimensions\/?$/.test(path)) page = <DimensionsPage me={me} unitId={query.get('unitId') ? Number(query.get('unitId')) : null} period={query.get('period')} dimension={query.get('dimension')} />;
  else if (/\/dimension-map\/?$/.test(path)) page = <DimensionMapPage me={me} />;
  else page = <RankingsPage me={me} initialGroup={query.get('group')} initialPeriod={query.get('period')} />;
  const own = me.grants.find((g) => g.unitId && ['street_staff', 'department_staff', 'district_supervisor'].includes(g.role));
  const tab = (to: string, label: string, active: boolean, testid: string) => (
    <Link to={to} aria-current={active ? 'page' : undefined} data-testid={testid}>
      {label}
    </Link>
  );
  return (
    <div data-testid="evaluation">
      <nav className="ev-tabs" aria-label={t('nav.evaluation')}>
        {tab('/console/evaluation', t('ev.rankings'), path === '/console/evaluation', 'ev-tab-rankings')}
        {own && tab(`/console/evaluation/units/${own.unitId}`, t('ev.scoreCard'), !!unit, 'ev-tab-card')}
        {own && tab(`/console/evaluation/reports/${own.unitId}`, t('ev.report'), !!report, 'ev-tab-report')}
        {tab('/console/evaluation/dimensions', t('ev.dimensions'), /\/dimension/.test(path), 'ev-tab-dimensions')}
        {tab('/console/evaluation/appeals', t('ev.appeals'), path.endsWith('/appeals'), 'ev-tab-appeals')}
        {hasRole(me, 'admin', 'hotline_supervisor', 'district_supervisor') && tab('/console/evaluation/policies', t('ev.policies'), path.endsWith('/policies'), 'ev-tab-policies')}
      </nav>
      {page}
    </div>
  );
}
