import { useEffect, useState } from 'react';
import { ApiError } from '../shared/api.ts';
import { afterPaint, cachedOrderSummary, orderKey, refreshOrder, useApi } from '../shared/query.tsx';
import { ErrorBox, Loading, Notice } from '../shared/components.tsx';
import { isPast } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';
import type { Me, OrderDetail } from '../shared/types.ts';
import { ActionPanel } from './ActionPanel.tsx';
import { BasicInfo, Deadlines, Records, Assignments, Attachments, Requester } from './order-sections.tsx';
import { Timeline } from './Timeline.tsx';
import { OrderMap, RoutingRecord } from './order-routing.tsx';
import { OrderWhistles } from './whistles/OrderWhistles.tsx';
import { typing } from './queue/use-queue-keys.ts';
import { OrderHead, OrderPreview } from './order-preview.tsx';
import { preloadPinMap } from './map/lazy.tsx';

export function OrderPage({ id, me }: { id: number; me: Me }) {
  const { t } = useI18n();
  // Read once on opening: the row the person clicked stands in until the detail is here, so the
  // detail is asked for once that row has painted.
  const [row] = useState(() => cachedOrderSummary(id));
  const q = useApi<OrderDetail>(orderKey(id), `/api/work-orders/${id}`, { placeholderPrevious: true, afterPaint: !!row });
  const order = q.data ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  // After handing an order away (a dispute re-dispatched elsewhere) the unit may no longer see it.
  const gone = !!order && q.error instanceof ApiError && q.error.status === 404;
  const error = q.error;
  const load = () => refreshOrder(id);
  // a: act — the first action this person may take on the order, from the keyboard.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'a' || typing(e)) return;
      const first = document.querySelector<HTMLElement>('.order-side [data-testid^="action-"]');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The map's code is read alongside the detail, not after it (nor before the first paint).
  useEffect(() => void afterPaint().then(preloadPinMap), []);

  if (gone) {
    return (
      <Notice>
        {notice} {t('order.gone')} <Link to="/console">{t('nav.backToQueue')}</Link>
      </Notice>
    );
  }
  if (error && !order) return <ErrorBox error={error} />;
  if (!order) return row ? <OrderPreview row={row} /> : <Loading />;

  const late = order.overdueStages.length > 0 || (order.currentDue && isPast(order.currentDue.at));

  return (
    <div className="order-page" data-testid="order-page" data-version={order.version}>
      <OrderHead h={{ ...order, late: !!late }} />
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      <div className="order-grid">
        <div className="order-main">
          <BasicInfo order={order} />
          <OrderMap order={order} />
          <RoutingRecord order={order} />
          <Requester order={order} />
          <Deadlines order={order} />
          <Assignments order={order} />
          <Records order={order} />
          <OrderWhistles orderId={order.id} me={me} />
          <Attachments order={order} />
          <Timeline events={order.events} />
        </div>
        <aside className="order-side">
          <ActionPanel
            order={order}
            me={me}
            onDone={async (message) => {
              setNotice(message);
              await load();
            }}
            onConflict={async () => {
              await load();
            }}
          />
        </aside>
      </div>
    </div>
  );
}
