import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card } from '../../shared/components.tsx';
import { Link } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import { useW } from './whistle-messages.ts';
import type { WhistleSummary } from './whistle-types.ts';

/**
 * The whistles blown for an order, on the order's page: their results are material for the lead
 * unit's feedback (a whistle never closes the order). Street staff blow a new one from here.
 */
export function OrderWhistles({ orderId, me }: { orderId: number; me: Me }) {
  const { w, l } = useW();
  const [items, setItems] = useState<(WhistleSummary & { result?: string | null })[]>([]);
  useEffect(() => {
    api<{ items: WhistleSummary[] }>(`/api/whistles?workOrderId=${orderId}`).then((r) => setItems(r.items), () => setItems([]));
  }, [orderId]);
  const canBlow = hasRole(me, 'street_staff');
  if (!items.length && !canBlow) return null;
  return (
    <Card title={w('forOrder')} testid="order-whistles" actions={canBlow ? <Link to={`/console/whistles/new?order=${orderId}`} className="button" data-testid="blow-from-order">{w('blowFromOrder')}</Link> : undefined}>
      {items.length ? (
        <ul>{items.map((x) => <li key={x.id}><Link to={`/console/whistles/${x.id}`}>{x.title}</Link> · {l('TYPE', x.type)} · {l('STATUS', x.status)}{x.result && <div className="muted" data-testid="order-whistle-result">{w('result')}：{x.result}</div>}</li>)}</ul>
      ) : <p className="muted">{w('none')}</p>}
    </Card>
  );
}

export function WhistleNavLink({ path }: { path: string }) {
  const { w } = useW();
  return <Link to="/console/whistles" aria-current={path.startsWith('/console/whistles') ? 'page' : undefined} data-testid="nav-whistles">{w('nav')}</Link>;
}
