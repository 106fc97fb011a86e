import { CHANNEL_LABELS } from '../../../shared/labels.ts';
import { StatusBadge, UrgencyBadge } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { prefetchOrder } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';
import type { OrderSummary } from '../../shared/types.ts';
import type { QueueState, SortColumn } from './queue-state.ts';
import { TimeLeft } from './TimeLeft.tsx';

const COLUMNS: [SortColumn, MsgKey][] = [
  ['code', 'order.code'],
  ['title', 'order.title'],
  ['status', 'order.status'],
  ['urgency', 'order.urgency'],
  ['channel', 'order.channel'],
  ['street', 'inboxq.street'],
  ['leadUnit', 'order.leadUnit'],
  ['due', 'inboxq.timeLeft'],
  ['received', 'order.receivedAt'],
];

type Props = {
  rows: OrderSummary[];
  state: QueueState;
  onSort: (col: SortColumn) => void;
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  active: number;
};

export function QueueTable({ rows, state, onSort, selected, onSelect, active }: Props) {
  const { t, L, locale } = useI18n();
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <table className="table queue-table" data-testid="queue-table">
      <thead>
        <tr>
          <th className="pick">
            <input type="checkbox" checked={all} onChange={(e) => onSelect(rows.map((r) => r.id), e.target.checked)} aria-label={t('inboxq.selectAll')} data-testid="select-all" />
          </th>
          {COLUMNS.map(([col, label]) => {
            const on = state.col === col;
            return (
              <th key={col} aria-sort={on ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                <button type="button" className="sort" onClick={() => onSort(col)} title={t('inboxq.sortBy', { col: t(label) })} data-testid={`sort-${col}`}>
                  {t(label)}
                  <span aria-hidden="true">{on ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((o, i) => (
          <tr key={o.id} data-testid="queue-row" data-code={o.code} data-id={o.id} className={i === active ? 'active-row' : undefined}>
            <td className="pick">
              <input type="checkbox" checked={selected.has(o.id)} onChange={(e) => onSelect([o.id], e.target.checked)} aria-label={t('inboxq.select', { code: o.code })} data-testid="row-select" />
            </td>
            <td className="nowrap">
              <Link to={`/console/orders/${o.id}`} data-testid="queue-row-link" onPointerEnter={() => prefetchOrder(o.id)} onFocus={() => prefetchOrder(o.id)}>
                {o.code}
              </Link>
            </td>
            <td>
              {o.title}
              {o.supervised && (
                <span className="badge marker-supervised" data-testid="marker-supervised">
                  {t('inboxq.supervised')}
                </span>
              )}
              {!!o.reopenCount && (
                <span className="badge marker-reopened" data-testid="marker-reopened">
                  {t('inboxq.reopened', { n: o.reopenCount })}
                </span>
              )}
            </td>
            <td>
              <StatusBadge status={o.status} />
            </td>
            <td>
              <UrgencyBadge urgency={o.urgency} />
            </td>
            <td className="nowrap">{L(CHANNEL_LABELS, o.channel)}</td>
            <td>{o.streetName ?? '—'}</td>
            <td>{o.leadUnitName ?? '—'}</td>
            <td className="nowrap">
              <TimeLeft order={o} />
            </td>
            <td className="nowrap">{formatDateTime(o.receivedAt, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
