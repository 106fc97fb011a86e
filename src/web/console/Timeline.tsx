import { ACTION_LABELS, CHANNEL_LABELS, DECLINE_REASON_LABELS, ROLE_LABELS, SATISFACTION_LABELS, STAGE_LABELS, STATUS_LABELS } from '../../shared/labels.ts';
import { Card } from '../shared/components.tsx';
import { ADJUDICATION_LABELS, CONTACT_METHOD_LABELS, DURATION_UNIT_LABELS, EVENT_TYPE_LABELS, SUPERVISION_KIND_LABELS } from '../shared/extra-labels.ts';
import { formatDateTime } from '../shared/format.ts';
import { useI18n, type I18n } from '../shared/i18n.ts';
import type { TimelineEvent } from '../shared/types.ts';

/** Acts whose free text is a note (备注), recorded in the event's reason column like a reason. */
const NOTE_ACTIONS = ['merge', 'adjudicate', 'dispatch', 'reassign', 'decide_extension', 'callback', 'close', 'decide_exclusion', 'supervise'];

function title(e: TimelineEvent, L: I18n['L']): string {
  // Sweep supervisions and merge notices share an action with people's acts; the type tells them apart.
  if (e.type === 'work_order.supervised' && e.data?.automatic) return L(SUPERVISION_KIND_LABELS, String(e.data.kind));
  if (e.action && e.action in ACTION_LABELS && e.type !== 'work_order.merge_absorbed') return L(ACTION_LABELS, e.action);
  return L(EVENT_TYPE_LABELS, e.type);
}

/** The facts in an event's data worth a line on the timeline, in words. */
function details(e: TimelineEvent, { t, L, locale }: I18n): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  const yn = (v: unknown) => (v ? t('common.yes') : t('common.no'));
  if (typeof d.channel === 'string') out.push(`${t('order.channel')}: ${L(CHANNEL_LABELS, d.channel)}`);
  if (typeof d.leadUnitName === 'string') out.push(`${t('order.leadUnit')}: ${d.leadUnitName}`);
  if (typeof d.decision === 'string') out.push(`${t('tl.decision')}: ${L(ADJUDICATION_LABELS, d.decision)}`);
  if (typeof d.method === 'string') out.push(`${t('tl.method')}: ${L(CONTACT_METHOD_LABELS, d.method)}`);
  if (typeof d.answer === 'string') out.push(`${t('order.answer')}: ${d.answer}`);
  if (typeof d.result === 'string') out.push(`${t('order.feedback')}: ${d.result}`);
  if (typeof d.report === 'string') out.push(`${t('order.coReport')}: ${d.report}`);
  if (typeof d.contacted === 'boolean') out.push(`${t('cb.contacted')}: ${yn(d.contacted)}`);
  if (typeof d.solved === 'boolean') out.push(`${t('cb.solved')}: ${yn(d.solved)}`);
  if (typeof d.satisfaction === 'string') out.push(`${t('cb.satisfaction')}: ${L(SATISFACTION_LABELS, d.satisfaction)}`);
  if (d.valid === false) out.push(t('tl.invalidCallback'));
  if (d.duration && typeof d.duration === 'object') {
    const du = d.duration as { amount?: number; unit?: string };
    out.push(`${t('ext.duration')}: ${du.amount ?? ''} ${L(DURATION_UNIT_LABELS, du.unit ?? 'days')}`);
  }
  if (typeof d.approved === 'boolean') out.push(d.approved ? t('tl.approved') : t('tl.refused'));
  if (typeof d.newDueAt === 'string') out.push(`${t('ext.newDue')}: ${formatDateTime(d.newDueAt, locale)}`);
  if (typeof d.dueFeedbackAt === 'string') out.push(`${t('ext.newDue')}: ${formatDateTime(d.dueFeedbackAt, locale)}`);
  if (typeof d.stage === 'string') out.push(`${t('order.stage')}: ${L(STAGE_LABELS, d.stage)}`);
  if (typeof d.intoCode === 'string') out.push(`${t('order.mergedInto')} ${d.intoCode}`);
  if (typeof d.fromCode === 'string') out.push(`${t('order.mergedFrom')} ${d.fromCode}`);
  if (typeof d.overridden === 'boolean') out.push(d.overridden ? t('order.routingOverridden') : t('order.routingAdopted'));
  if (e.type === 'work_order.recategorized') out.push(`${t('order.category')}: ${String(d.from ?? '—')} → ${String(d.to ?? '—')}`);
  if (typeof d.note === 'string' && d.note) out.push(`${t('common.note')}: ${d.note}`);
  return out;
}

export function Timeline({ events }: { events: TimelineEvent[] }) {
  const i18n = useI18n();
  const { t, L, locale } = i18n;
  return (
    <Card title={t('order.timeline')} testid="timeline">
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.seq} data-testid="timeline-event" data-type={e.type}>
            <div className="tl-head">
              <strong>{title(e, L)}</strong>
              <time className="muted">{formatDateTime(e.at, locale)}</time>
            </div>
            <div className="tl-actor muted small">
              {e.actor_name ?? t('tl.system')}
              {e.actor_role && ` · ${L(ROLE_LABELS, e.actor_role)}`}
              {e.actor_unit_name && ` · ${e.actor_unit_name}`}
            </div>
            {e.from_status !== e.to_status && e.to_status && (
              <div className="tl-status small">
                {e.from_status ? `${L(STATUS_LABELS, e.from_status)} → ` : ''}
                {L(STATUS_LABELS, e.to_status)}
              </div>
            )}
            {e.reason && (
              <div className="small">
                {e.action && NOTE_ACTIONS.includes(e.action) ? t('common.note') : t('common.reason')}: {e.action === 'decline' ? L(DECLINE_REASON_LABELS, e.reason) : e.reason}
              </div>
            )}
            {details(e, i18n).map((line) => (
              <div key={line} className="small">
                {line}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </Card>
  );
}
