import { Card } from '../../shared/components.tsx';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';

const LINKS: [string, MsgKey, MsgKey][] = [
  ['/console/admin/users', 'people.users', 'people.usersAbout'],
  ['/console/admin/units', 'orgunit.units', 'orgunit.unitsAbout'],
  ['/console/admin/sla', 'admin.sla', 'admin.slaAbout'],
  ['/console/admin/calendar', 'admin.calendar', 'admin.calendarAbout'],
  ['/console/admin/answer-templates', 'at.adminTitle', 'at.adminAbout'],
  ['/console/admin/whistle-policies', 'aref.whistle', 'aref.whistleAbout'],
  ['/console/admin/classifier', 'aref.models', 'aref.modelsAbout'],
  ['/console/admin/places', 'geo.places', 'geo.placesAbout'],
  ['/console/taxonomy', 'nav.taxonomy', 'admin.taxonomyAbout'],
  ['/console/duty-lists', 'nav.dutyLists', 'admin.dutyAbout'],
  ['/console/dispatch-rules', 'nav.catalogue', 'admin.catalogueAbout'],
  ['/console/evaluation/policies', 'admin.scoring', 'admin.scoringAbout'],
];

/** 系统管理: every piece of reference data, each edited on its own page with its history. */
export function AdminPage() {
  const { t } = useI18n();
  return (
    <Card title={t('admin.title')} testid="admin-page">
      <ul className="admin-links">
        {LINKS.map(([to, name, about]) => (
          <li key={to}>
            <Link to={to} data-testid={`admin-link-${to.split('/').pop()}`}>
              {t(name)}
            </Link>
            <span className="muted small"> — {t(about)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
