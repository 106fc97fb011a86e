import { useSyncExternalStore } from 'react';
import { STAGE_LABELS } from '../../../shared/labels.ts';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import type { OrderSummary } from '../../shared/types.ts';
import { clockOf } from './queue-state.ts';

// One clock for every row, ticking each half minute: the colours change while the queue is open.
let now = Date.now();
const listeners = new Set<() => void>();
setInterval(() => {
  now = Date.now();
  listeners.forEach((l) => l());
}, 30_000);
const useNow = () =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => now,
  );

/** Time left on the stage the order is in (or the held stage of one waiting for a decision). */
export function TimeLeft({ order }: { order: OrderSummary }) {
  const { t, L, locale } = useI18n();
  const at = useNow();
  const due = order.due;
  if (!due) return <span className="muted">—</span>;
  const c = clockOf(due, at);
  const m = Math.abs(c.minutes);
  const span =
    m >= 1440 ? t('inboxq.days', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) }) : m >= 60 ? t('inboxq.hours', { h: Math.floor(m / 60), m: m % 60 }) : t('inboxq.minutes', { m });
  return (
    <span className="time-left" title={`${L(STAGE_LABELS, due.stage)} ${formatDateTime(due.at, locale)}`}>
      <span className={`clock clock-${c.level}`} data-testid="time-left" data-level={c.level}>
        {c.level === 'late' ? t('inboxq.over', { t: span }) : t('inboxq.left', { t: span })}
      </span>
      <span className="muted small">
        {' '}
        {due.waitingFor ? t(due.waitingFor === 'dispute' ? 'inboxq.waitDispute' : 'inboxq.waitEscalation') : L(STAGE_LABELS, due.stage)}
      </span>
    </span>
  );
}
