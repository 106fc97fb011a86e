import { qs } from '../../shared/api.ts';
import { StatusBadge } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { useApi, useDebounced } from '../../shared/query.tsx';
import type { OrderSummary, Page } from '../../shared/types.ts';

/**
 * 诉求人历史: the caller's earlier orders, found by the phone number typed at intake. The list's
 * phone search only matches for the roles that may see requesters' phones, so others see nothing.
 */
export function CallerHistory({ phone }: { phone: string }) {
  const { t, locale } = useI18n();
  const digits = useDebounced(phone.replace(/\D/g, ''), 300);
  const asked = digits.length >= 7;
  const r = useApi<Page<OrderSummary>>(['work-orders', 'caller', digits], asked ? `/api/work-orders${qs({ queue: 'all', q: digits, pageSize: 5 })}` : null);
  if (!asked || !r.data) return null;
  const items = r.data.items;
  return (
    <div className="caller-history" data-testid="caller-history" aria-live="polite">
      <strong className="small">{t('intake.callerHistory', { n: r.data.total })}</strong>
      {items.length === 0 ? (
        <span className="muted small"> {t('intake.callerNew')}</span>
      ) : (
        <ul className="small">
          {items.map((o) => (
            <li key={o.id} data-testid="caller-order">
              <a href={`/console/orders/${o.id}`} target="_blank" rel="noreferrer">
                {o.code}
              </a>{' '}
              {formatDate(o.receivedAt, locale)} {o.title} <StatusBadge status={o.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
