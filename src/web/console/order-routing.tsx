import { useEffect, useState } from 'react';
import { api, qs } from '../shared/api.ts';
import { Card } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { RecordedProposal } from '../shared/routing-types.ts';
import type { OrderDetail } from '../shared/types.ts';
import { LazyPinMap } from './map/lazy.tsx';
import { fromRecorded, ProposalView } from './routing/ProposalView.tsx';

type P = { order: OrderDetail };

/** What the catalogue proposed when the order was (last) dispatched, and whether the dispatcher took it. */
export function recordedProposal(o: OrderDetail): { proposal: RecordedProposal; overridden: boolean | null } | null {
  if (o.routing?.proposal) return { proposal: o.routing.proposal, overridden: o.routing.overridden };
  // Servers without the detail's routing fields: the dispatch event carries the same summary.
  const e = [...o.events].reverse().find((x) => x.type === 'work_order.dispatched' && x.data?.proposal);
  if (!e?.data) return null;
  return { proposal: e.data.proposal as RecordedProposal, overridden: typeof e.data.overridden === 'boolean' ? e.data.overridden : null };
}

/** The latest re-routing (区级改派, or a dispute decided by re-dispatch) after the first dispatch, if any. */
function reroutedSince(o: OrderDetail) {
  const first = o.events.findIndex((e) => e.type === 'work_order.dispatched');
  if (first < 0) return null;
  const later = o.events.slice(first + 1).filter((e) => e.type === 'work_order.reassigned' || (e.type === 'work_order.dispute_adjudicated' && e.data?.decision === 'redispatch'));
  return later[later.length - 1] ?? null;
}

export function RoutingRecord({ order }: P) {
  const { t, locale } = useI18n();
  const rec = recordedProposal(order);
  if (!rec) return null;
  const unitName = (id: number) => String(order.assignments.find((a) => a.unit_id === id)?.unit_name ?? `#${id}`);
  const since = reroutedSince(order);
  return (
    <Card
      title={t('order.routingTitle')}
      actions={
        rec.overridden !== null && (
          <span className={`badge ${rec.overridden ? 'warn' : 'ok'}`} data-testid="order-routing-status" data-overridden={rec.overridden}>
            {rec.overridden ? t('order.routingOverridden') : t('order.routingAdopted')}
          </span>
        )
      }
      testid="order-routing"
    >
      {since && (
        <p className="warn-box small" data-testid="order-routing-since">
          {t('routing.since', { unit: order.leadUnit?.name ?? '—', when: formatDateTime(since.at, locale) })}
        </p>
      )}
      <ProposalView p={fromRecorded(rec.proposal, unitName)} testid="order-proposal" />
    </Card>
  );
}

const pathCache = new Map<string, Promise<{ path: { code: string; name: string }[] }>>();

/** The order's category as a path (城乡建设 / … / 占道经营), read in the taxonomy version the order was filed under. */
export function CategoryLabel({ order }: P) {
  const [path, setPath] = useState<string | null>(order.categoryPath ? order.categoryPath.map((c) => c.name).join(' / ') : null);
  const code = order.category;
  const versionId = order.routing?.taxonomyVersionId ?? undefined;
  useEffect(() => {
    if (!code || order.categoryPath) return;
    let live = true;
    const key = `${code}@${versionId ?? ''}`;
    let p = pathCache.get(key);
    if (!p) {
      p = api(`/api/taxonomy/categories/${code}${qs({ versionId })}`);
      p.catch(() => pathCache.delete(key));
      pathCache.set(key, p);
    }
    p.then(
      (r) => live && setPath(r.path.map((c) => c.name).join(' / ')),
      () => live && setPath(null),
    );
    return () => {
      live = false;
    };
  }, [code, versionId, order.categoryPath]);
  if (!code) return null;
  return (
    <span data-testid="order-category" data-code={code}>
      {path ?? code} <small className="muted">{code}</small>
    </span>
  );
}

/** The order's pin on the district map, when it has one. */
export function OrderMap({ order }: P) {
  const { t } = useI18n();
  const l = order.location;
  if (l.lon === null || l.lat === null) return null;
  return (
    <Card title={t('order.map')} testid="order-map">
      <LazyPinMap pin={{ lon: l.lon, lat: l.lat }} streetId={l.street?.id} communityId={l.community?.id} gridId={l.grid?.id} height={280} label={t('order.map')} testid="order-map-view" />
    </Card>
  );
}
