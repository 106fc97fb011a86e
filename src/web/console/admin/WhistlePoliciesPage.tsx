import { useState, type FormEvent } from 'react';
import type { Duration } from '../../../server/modules/deadlines/calendar.ts';
import { WHISTLE_TYPES, type WhistlePolicyRow, type WhistleType } from '../../../server/modules/whistles/whistle-tables.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { useApi } from '../../shared/query.tsx';
import { hasRole, useSession } from '../../shared/session.tsx';
import { TableBox } from '../../shared/table-box.tsx';
import { DurationInput, PublishFooter, usePublishVersion } from './publish-version.tsx';
import { useW } from '../whistles/whistle-messages.ts';

type Policy = Omit<WhistlePolicyRow, 'valid_from' | 'valid_to' | 'created_at'> & { valid_from: string; valid_to: string | null; created_at: string };
type Draft = { name: string; limits: Record<WhistleType, Duration>; warnBeforeMinutes: number; contestDays: number };

const KEY = ['whistle-policies'];

/**
 * 吹哨报到时限: the version in force and those before it; an administrator publishes a new one edited
 * from the current. The form leaves the checking to the API, so its rules are stated once.
 */
export function WhistlePoliciesPage() {
  const { t, locale } = useI18n();
  const { l } = useW();
  const canPublish = hasRole(useSession().me, 'admin');
  const list = useApi<{ items: Policy[] }>(KEY, '/api/whistle-policies');
  const [draft, setDraft] = useState<Draft | null>(null);
  const publish = usePublishVersion('/api/whistle-policies', KEY, () => setDraft(null));
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const now = Date.now();
  const current = items.find((p) => Date.parse(p.valid_from) <= now && (!p.valid_to || Date.parse(p.valid_to) > now)) ?? items[0];
  const d = draft ?? { name: current.name, limits: current.limits, warnBeforeMinutes: current.warn_before_minutes, contestDays: current.contest_days };
  const limitText = (x: Duration) => `${x.amount} ${t(`admin.unit.${x.unit}` as MsgKey)}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    publish.mutate({ ...d, validFrom: new Date().toISOString() });
  };

  return (
    <div className="admin-page" data-testid="whistle-policies-page">
      <Card title={t('aref.inForceTitle')} testid="wp-current">
        <p>{t('aref.inForceHint', { version: current.version, name: current.name, from: formatDateTime(current.valid_from, locale), calendar: current.calendar })}</p>
        <TableBox label={t('aref.inForceTitle')}>
          <table className="table">
            <thead>
              <tr>
                <th>{t('aref.type')}</th>
                <th>{t('aref.limit')}</th>
                <th>{t('aref.timeKind')}</th>
              </tr>
            </thead>
            <tbody>
              {WHISTLE_TYPES.map((w) => (
                <tr key={w} data-testid={`wp-current-${w}`}>
                  <th scope="row">{l('TYPE', w)}</th>
                  <td>{limitText(current.limits[w])}</td>
                  <td>{t(current.limits[w].unit === 'working_days' ? 'aref.working' : 'aref.natural')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
        <p className="muted small">
          {t('aref.warnBefore')}: {current.warn_before_minutes} · {t('aref.contestDays')}: {current.contest_days}
        </p>
      </Card>
      {canPublish ? (
        <Card title={t('aref.newVersion')}>
          <form className="form" onSubmit={submit} noValidate aria-label={t('aref.newVersion')}>
            <p className="muted small">{t('aref.newHint', { version: current.version })}</p>
            <Field label={t('aref.name')} required>
              <input value={d.name} required onChange={(e) => setDraft({ ...d, name: e.target.value })} data-testid="wp-name" />
            </Field>
            {WHISTLE_TYPES.map((w) => (
              <Field key={w} label={`${l('TYPE', w)} ${t('aref.limit')}`} required>
                <DurationInput value={d.limits[w]} onChange={(x) => setDraft({ ...d, limits: { ...d.limits, [w]: x } })} label={`${l('TYPE', w)} ${t('aref.limit')}`} testid={`wp-${w}`} />
              </Field>
            ))}
            <div className="row">
              <Field label={t('aref.warnBefore')} required>
                <input type="number" required value={d.warnBeforeMinutes} onChange={(e) => setDraft({ ...d, warnBeforeMinutes: Number(e.target.value) })} data-testid="wp-warn" />
              </Field>
              <Field label={t('aref.contestDays')} required>
                <input type="number" required value={d.contestDays} onChange={(e) => setDraft({ ...d, contestDays: Number(e.target.value) })} data-testid="wp-contest" />
              </Field>
            </div>
            <PublishFooter publish={publish} published={(version) => t('aref.published', { version })} label={t('aref.publish')} testid="wp-publish" onCancel={draft ? () => setDraft(null) : null} />
          </form>
        </Card>
      ) : (
        <p className="muted" data-testid="wp-read-only">
          {t('aref.readOnly')}
        </p>
      )}
      <Card title={t('aref.history')}>
        <TableBox label={t('aref.history')}>
          <table className="table" data-testid="wp-history">
            <thead>
              <tr>
                <th>{t('admin.version')}</th>
                <th>{t('aref.name')}</th>
                <th>{t('admin.validFrom')}</th>
                <th>{t('admin.validTo')}</th>
                {WHISTLE_TYPES.map((w) => (
                  <th key={w}>{l('TYPE', w)}</th>
                ))}
                <th>{t('aref.warnBefore')}</th>
                <th>{t('aref.contestDays')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} data-testid="wp-version">
                  <td>v{p.version}</td>
                  <td>{p.name}</td>
                  <td className="nowrap">{formatDateTime(p.valid_from, locale)}</td>
                  <td className="nowrap">{p.valid_to ? formatDateTime(p.valid_to, locale) : t('admin.inForce')}</td>
                  {WHISTLE_TYPES.map((w) => (
                    <td key={w} className="nowrap">
                      {limitText(p.limits[w])}
                    </td>
                  ))}
                  <td>{p.warn_before_minutes}</td>
                  <td>{p.contest_days}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </Card>
    </div>
  );
}
