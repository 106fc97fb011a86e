import { useState, type FormEvent } from 'react';
import { STAGE_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import type { Duration } from '../../../server/modules/deadlines/calendar.ts';
import type { SlaRule, Stage, Urgency } from '../../../server/modules/deadlines/sla.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { useApi } from '../../shared/query.tsx';
import { TableBox } from '../../shared/table-box.tsx';
import { DurationInput, PublishFooter, usePublishVersion } from './publish-version.tsx';

type Policy = { id: number; version: number; name: string; rules: SlaRule[]; warn_fraction: number; rehandling: Duration; valid_from: string; valid_to: string | null; created_at: string };

const URGENCIES: Urgency[] = ['emergency', 'utilities', 'general', 'complex'];
const STAGES: Stage[] = ['dispatch', 'sign', 'first_contact', 'feedback'];
const KEY = ['sla-policies'];

/**
 * 时限规则: the versions in force over time, and a new version edited from the current one. A new
 * version applies to orders received from its start; orders already in keep the one they began with.
 */
export function SlaPage() {
  const { t, L, locale } = useI18n();
  const list = useApi<{ items: Policy[] }>(KEY, '/api/sla-policies');
  const [draft, setDraft] = useState<{ name: string; warnFraction: number; rehandling: Duration; rules: SlaRule[] } | null>(null);
  const publish = usePublishVersion('/api/sla-policies', KEY, () => setDraft(null));
  if (list.error) return <ErrorBox error={list.error} />;
  if (!list.data) return <Loading />;
  const items = list.data.items;
  const current = items.find((p) => !p.valid_to) ?? items[items.length - 1];
  const d = draft ?? { name: current.name, warnFraction: current.warn_fraction, rehandling: current.rehandling, rules: current.rules };
  const rule = (u: Urgency, s: Stage) => d.rules.find((r) => r.urgency === u && r.stage === s)!;
  const setRule = (u: Urgency, s: Stage, duration: Duration) => setDraft({ ...d, rules: d.rules.map((r) => (r.urgency === u && r.stage === s ? { ...r, duration } : r)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    publish.mutate({ name: d.name, validFrom: new Date().toISOString(), warnFraction: d.warnFraction, rehandling: d.rehandling, rules: d.rules });
  };

  return (
    <div className="admin-page" data-testid="sla-page">
      <Card title={t('admin.slaNew')}>
        <form className="form" onSubmit={submit} aria-label={t('admin.slaNew')}>
          <p className="muted small">{t('admin.slaHint', { version: current.version })}</p>
          <Field label={t('admin.slaName')} required>
            <input value={d.name} maxLength={100} required onChange={(e) => setDraft({ ...d, name: e.target.value })} data-testid="sla-name" />
          </Field>
          <TableBox label={t('admin.slaNew')}>
            <table className="table sla-table">
              <thead>
                <tr>
                  <th>{t('order.urgency')}</th>
                  {STAGES.map((s) => (
                    <th key={s}>{L(STAGE_LABELS, s)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {URGENCIES.map((u) => (
                  <tr key={u}>
                    <th scope="row">{L(URGENCY_LABELS, u)}</th>
                    {STAGES.map((s) => (
                      <td key={s}>
                        <DurationInput value={rule(u, s).duration} onChange={(x) => setRule(u, s, x)} label={`${L(URGENCY_LABELS, u)} ${L(STAGE_LABELS, s)}`} testid={`sla-${u}-${s}`} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableBox>
          <div className="row">
            <Field label={t('admin.warnFraction')} hint={t('admin.warnFractionHint')} required>
              <input type="number" min={0.05} max={0.95} step={0.05} required value={d.warnFraction} onChange={(e) => setDraft({ ...d, warnFraction: Number(e.target.value) })} data-testid="sla-warn" />
            </Field>
            <Field label={t('admin.rehandling')} required>
              <DurationInput value={d.rehandling} onChange={(x) => setDraft({ ...d, rehandling: x })} label={t('admin.rehandling')} testid="sla-rehandling" />
            </Field>
          </div>
          <PublishFooter publish={publish} published={(version) => t('admin.slaPublished', { version })} label={t('admin.slaPublish')} testid="sla-publish" onCancel={draft ? () => setDraft(null) : null} />
        </form>
      </Card>
      <Card title={t('admin.slaHistory')}>
        <TableBox label={t('admin.slaHistory')}>
          <table className="table" data-testid="sla-history">
            <thead>
              <tr>
                <th>{t('admin.version')}</th>
                <th>{t('admin.slaName')}</th>
                <th>{t('admin.validFrom')}</th>
                <th>{t('admin.validTo')}</th>
                <th>{t('admin.warnFraction')}</th>
              </tr>
            </thead>
            <tbody>
              {[...items].reverse().map((p) => (
                <tr key={p.id} data-testid="sla-version">
                  <td>v{p.version}</td>
                  <td>{p.name}</td>
                  <td className="nowrap">{formatDateTime(p.valid_from, locale)}</td>
                  <td className="nowrap">{p.valid_to ? formatDateTime(p.valid_to, locale) : t('admin.inForce')}</td>
                  <td>{Math.round(p.warn_fraction * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      </Card>
    </div>
  );
}
