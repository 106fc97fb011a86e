import { CHANNEL_LABELS, DECLINE_REASON_LABELS, REQUEST_TYPE_LABELS, STAGE_LABELS, URGENCY_LABELS } from '../../shared/labels.ts';
import { Card, KV, OverdueBadge } from '../shared/components.tsx';
import { ASSIGNMENT_ROLE_LABELS } from '../shared/extra-labels.ts';
import { formatBytes, formatDateTime, isPast } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { OrderDetail } from '../shared/types.ts';
import { CategoryLabel } from './order-routing.tsx';
import { ClassifierProposal } from './proposal-record.tsx';

export { Records } from './order-records.tsx';

type P = { order: OrderDetail };
const TERMINAL = ['answered', 'not_dispatched', 'closed', 'merged'];

export function BasicInfo({ order: o }: P) {
  const { t, L, locale } = useI18n();
  const loc = o.location;
  const place = [loc.district?.name, loc.street?.name, loc.community?.name, loc.grid?.name].filter(Boolean).join(' / ');
  return (
    <Card title={t('order.basic')} testid="order-basic">
      <KV
        items={[
          [t('order.channel'), L(CHANNEL_LABELS, o.channel)],
          [t('order.requestType'), L(REQUEST_TYPE_LABELS, o.requestType)],
          [t('order.urgency'), L(URGENCY_LABELS, o.urgency)],
          [t('order.category'), o.category ? <CategoryLabel key="c" order={o} /> : null],
          [t('cls.title'), <ClassifierProposal key="p" order={o} />],
          [t('order.receivedAt'), formatDateTime(o.times.receivedAt, locale)],
          [t('order.leadUnit'), o.leadUnit?.name, 'order-lead-unit'],
          [t('order.area'), place, 'order-area'],
          [t('order.address'), loc.address],
        ]}
      />
      <h3>{t('order.text')}</h3>
      <p className="prose" data-testid="order-text">
        {o.text}
      </p>
      {o.answer && (
        <>
          <h3>{t('order.answer')}</h3>
          <p className="prose" data-testid="order-answer">{o.answer}</p>
        </>
      )}
      {o.closeReason && <KV items={[[t('order.declineReason'), L(DECLINE_REASON_LABELS, o.closeReason)]]} />}
      {o.feedback && (
        <>
          <h3>{t('order.feedback')}</h3>
          <p className="prose" data-testid="order-feedback">
            {o.feedback.text}
          </p>
          <KV
            items={[
              [t('order.solved'), o.feedback.solved === null ? null : o.feedback.solved ? t('common.yes') : t('common.no')],
              [t('order.feedbackAt'), formatDateTime(o.feedback.at, locale)],
            ]}
          />
        </>
      )}
    </Card>
  );
}

export function Requester({ order: o }: P) {
  const { t } = useI18n();
  const r = o.requester;
  return (
    <Card title={t('order.requester')} testid="order-requester">
      <KV
        items={[
          [t('order.requesterName'), r.name, 'requester-name'],
          [t('order.requesterPhone'), r.phone, 'requester-phone'],
          [t('order.anonymous'), r.anonymous ? t('common.yes') : t('common.no')],
          ...(o.trackingSecret ? [[t('order.trackingSecret'), o.trackingSecret, 'tracking-secret'] as [string, string, string]] : []),
        ]}
      />
      {r.masked && <p className="muted small">{t('order.masked')}</p>}
    </Card>
  );
}

const STAGES: [stage: string, due: keyof OrderDetail['due'], done: keyof OrderDetail['times']][] = [
  ['dispatch', 'dispatch', 'dispatchedAt'],
  ['sign', 'sign', 'signedAt'],
  ['first_contact', 'firstContact', 'firstContactAt'],
  ['feedback', 'feedback', 'feedbackAt'],
];

export function Deadlines({ order: o }: P) {
  const { t, L, locale } = useI18n();
  return (
    <Card title={t('order.deadlines')} testid="order-deadlines">
      <table className="table compact stack">
        <thead>
          <tr>
            <th>{t('order.stage')}</th>
            <th>{t('order.dueAt')}</th>
            <th>{t('order.doneAt')}</th>
          </tr>
        </thead>
        <tbody>
          {STAGES.map(([stage, dueKey, doneKey]) => {
            const due = o.due[dueKey];
            const done = o.times[doneKey];
            const late =
              o.overdueStages.includes(stage) || (!!due && (done ? new Date(done) > new Date(due) : isPast(due) && !TERMINAL.includes(o.status)));
            const current = o.currentDue?.stage === stage;
            return (
              <tr key={stage} className={current ? 'current' : undefined}>
                <td data-label={t('order.stage')}>
                  {L(STAGE_LABELS, stage)}
                  {current && <span className="muted small"> · {t('order.currentStage')}</span>}
                </td>
                <td data-testid={`due-${stage}`} data-at={due ?? ''} data-label={t('order.dueAt')}>
                  {formatDateTime(due, locale)} {late && <OverdueBadge />}
                </td>
                <td data-label={t('order.doneAt')}>{formatDateTime(done, locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {o.extensionCount > 0 && <p className="muted small">{t('order.extended', { n: o.extensionCount })}</p>}
      {o.reopenCount > 0 && <p className="muted small">{t('order.reopened', { n: o.reopenCount })}</p>}
    </Card>
  );
}

export function Assignments({ order: o }: P) {
  const { t, L, locale } = useI18n();
  if (!o.assignments.length) return null;
  return (
    <Card title={t('order.assignments')} testid="order-assignments">
      <table className="table compact stack">
        <thead>
          <tr>
            <th>{t('order.unit')}</th>
            <th>{t('order.assignmentRole')}</th>
            <th>{t('order.assignedAt')}</th>
            <th>{t('order.active')}</th>
            <th>{t('order.coReport')}</th>
          </tr>
        </thead>
        <tbody>
          {o.assignments.map((a, i) => (
            <tr key={i} className={a.active ? undefined : 'inactive'} data-testid="assignment-row">
              <td data-label={t('order.unit')}>{String(a.unit_name ?? '')}</td>
              <td data-label={t('order.assignmentRole')}>{L(ASSIGNMENT_ROLE_LABELS, String(a.role))}</td>
              <td data-label={t('order.assignedAt')}>{formatDateTime(a.assigned_at as string, locale)}</td>
              <td data-label={t('order.active')}>{a.active ? t('common.yes') : t('order.superseded')}</td>
              <td data-label={t('order.coReport')}>{a.report ? `${String(a.report)}（${formatDateTime(a.reported_at as string, locale)}）` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export function Attachments({ order: o }: P) {
  const { t, locale } = useI18n();
  return (
    <Card title={t('order.attachments')} testid="order-attachments">
      {o.attachments.length === 0 ? (
        <p className="muted">{t('common.none')}</p>
      ) : (
        <ul className="thumbs" data-testid="attachment-list">
          {o.attachments.map((a) => {
            const href = `/api/work-orders/${o.id}/attachments/${String(a.id)}`;
            const image = a.kind === 'image' || String(a.mime ?? '').startsWith('image/');
            return (
              <li key={String(a.id)}>
                {/* A photo opens full size; other files download under their own name. */}
                <a href={href} {...(image ? { target: '_blank', rel: 'noopener' } : { download: String(a.name) })} data-testid="attachment-link">
                  {image ? <img src={href} alt={String(a.name)} loading="lazy" data-testid="attachment-thumb" /> : <span className="thumb-file" aria-hidden="true">📄</span>}
                  <span className="small">{String(a.name)}</span>
                </a>
                <span className="muted small">
                  {formatBytes(Number(a.size))} · {formatDateTime(a.created_at as string, locale)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
