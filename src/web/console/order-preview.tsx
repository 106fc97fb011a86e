import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, STAGE_LABELS, URGENCY_LABELS } from '../../shared/labels.ts';
import { Card, KV, OverdueBadge, StatusBadge, UrgencyBadge } from '../shared/components.tsx';
import { formatDateTime, isPast } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';
import type { OrderSummary } from '../shared/types.ts';
import { TimeLeft } from './queue/TimeLeft.tsx';
import './order-preview.css';

type Head = { code: string; title: string; status: string; urgency: string; late: boolean; excluded: boolean };

/** The order's heading, the same whether it comes from the full detail or from the queue's row. */
export function OrderHead({ h }: { h: Head }) {
  const { t } = useI18n();
  return (
    <div className="order-head">
      <Link to="/console" className="back">
        ← {t('nav.backToQueue')}
      </Link>
      <h1>
        <span className="code" data-testid="order-code">
          {h.code}
        </span>
        <span data-testid="order-title">{h.title}</span>
      </h1>
      <div className="badges">
        <StatusBadge status={h.status} />
        <UrgencyBadge urgency={h.urgency} />
        {h.late && <OverdueBadge />}
        {h.excluded && <span className="badge excluded">{t('order.excluded')}</span>}
      </div>
    </div>
  );
}

/** Grey bars where the detail's content will stand; hidden from screen readers, which hear the page is busy. */
function Pending({ lines }: { lines: number }) {
  return (
    <div className="pending-lines" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="pending-line" />
      ))}
    </div>
  );
}

/**
 * The order page drawn at once from the queue's row while the full detail is read. It has no
 * action buttons at all: an action needs the order's version and the actions the server allows,
 * which only the detail carries, so nothing here can be acted on.
 */
export function OrderPreview({ row }: { row: OrderSummary }) {
  const { t, L, locale } = useI18n();
  const due = row.due;
  // A clock that waits for a decision is not the order running late.
  const late = row.overdueStages.length > 0 || (!!due && !due.waitingFor && isPast(due.at));
  return (
    <div className="order-page" data-testid="order-page" data-preview="true" aria-busy="true">
      <OrderHead h={{ ...row, late }} />
      <div className="order-grid">
        <div className="order-main">
          <Card title={t('order.basic')} testid="preview-basic">
            <KV
              items={[
                [t('order.channel'), L(CHANNEL_LABELS, row.channel)],
                [t('order.requestType'), L(REQUEST_TYPE_LABELS, row.requestType)],
                [t('order.urgency'), L(URGENCY_LABELS, row.urgency)],
                [t('order.receivedAt'), formatDateTime(row.receivedAt, locale)],
                [t('order.leadUnit'), row.leadUnitName],
                [t('inboxq.street'), row.streetName],
              ]}
            />
            <h3>{t('order.text')}</h3>
            <Pending lines={3} />
          </Card>
          <Card title={t('order.deadlines')} testid="preview-deadlines">
            <KV items={[[due ? L(STAGE_LABELS, due.stage) : t('order.dueAt'), due ? <span key="d">{formatDateTime(due.at, locale)} · <TimeLeft order={row} /></span> : null]]} />
          </Card>
          <Card title={t('order.timeline')}>
            <Pending lines={4} />
          </Card>
          <Card title={t('order.attachments')}>
            <Pending lines={1} />
          </Card>
        </div>
        <aside className="order-side">
          <Card title={t('action.title')} testid="actions-pending">
            <p className="muted small" role="status">
              {t('preview.reading')} {t('preview.actionsWait')}
            </p>
            <Pending lines={2} />
          </Card>
        </aside>
      </div>
    </div>
  );
}
