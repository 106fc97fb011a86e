import type { OrgChange } from '../../../server/modules/org/org-history.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type I18n, type MsgKey } from '../../shared/i18n.ts';
import { useApi } from '../../shared/query.tsx';
import { TableBox } from '../../shared/table-box.tsx';
import { UNIT_KIND_LABELS } from '../../shared/extra-labels.ts';
import { rolesText } from './role-checks.tsx';

/** Whose history: accounts and units (people.*), or gazetteer places and boundaries (geo.*), each with its own field names. */
type Subject = 'people' | 'geo';

function show(field: string, v: unknown, i18n: I18n, subject: Subject): string {
  const { t } = i18n;
  if (v === null || v === undefined || v === '') return t('people.empty');
  if (field === 'active') return t(v ? 'people.state.on' : 'people.state.off');
  if (subject === 'geo') {
    if (field === 'kind') return t(`geo.kind.${String(v)}` as MsgKey);
    if (Array.isArray(v)) return v.length ? v.map(String).join(i18n.locale === 'en' ? ', ' : '、') : t('people.empty');
    return String(v);
  }
  if (field === 'kind') return v === 'staff' || v === 'citizen' ? t(`people.kind.${v}`) : i18n.L(UNIT_KIND_LABELS, String(v));
  if (field === 'grants' && Array.isArray(v)) {
    const grants = v as Parameters<typeof rolesText>[0];
    return grants.length ? rolesText(grants, i18n) : t('people.empty');
  }
  return String(v);
}

/** The changes of an account or a unit, newest first: who, when, and each field before and after. */
export function ChangeHistory({ path, queryKey, subject = 'people', title, testid = 'org-history' }: { path: string; queryKey: unknown[]; subject?: Subject; title?: string; testid?: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const h = useApi<{ items: OrgChange[] }>(queryKey, path);
  return (
    <Card title={title ?? t('people.history')}>
      {h.error ? (
        <ErrorBox error={h.error} />
      ) : !h.data ? (
        <Loading />
      ) : h.data.items.length === 0 ? (
        <p className="muted">{t('people.noHistory')}</p>
      ) : (
        <TableBox label={title ?? t('people.history')}>
          <table className="table" data-testid={testid}>
            <thead>
              <tr>
                <th>{t('people.when')}</th>
                <th>{t('people.who')}</th>
                <th>{t('people.what')}</th>
                <th>{t('people.change')}</th>
              </tr>
            </thead>
            <tbody>
              {h.data.items.map((c) => (
                <tr key={c.id} data-testid="org-change" data-action={c.action}>
                  <td className="nowrap">{formatDateTime(c.at, locale)}</td>
                  <td>{c.actorName ?? c.actor ?? '—'}</td>
                  <td>{t(`${subject}.action.${c.action}` as MsgKey)}</td>
                  <td>
                    <ul className="change-list">
                      {Object.keys(c.after).filter((f) => subject !== 'geo' || (f !== 'unitId' && f !== 'geometry')).map((f) => (
                        <li key={f}>
                          {t(`${subject}.field.${f}` as MsgKey)}{locale === 'en' ? ': ' : '：'}{c.action !== 'created' && <>{show(f, c.before[f], i18n, subject)} → </>}
                          {show(f, c.after[f], i18n, subject)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </Card>
  );
}
