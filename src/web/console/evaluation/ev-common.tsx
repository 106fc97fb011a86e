import { useI18n } from '../../shared/i18n.ts';

/** The month the current period ends in, in Shanghai. */
export function currentMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

export const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
export const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

export function PeriodInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="inline-field">
      {t('ev.period')}{' '}
      <input type="month" value={value} onChange={(e) => e.target.value && onChange(e.target.value)} title={t('ev.periodHint')} data-testid="ev-period" />
    </label>
  );
}

export function RankChange({ v }: { v: number | null }) {
  if (v === null) return <span className="muted">—</span>;
  if (v === 0) return <span>0</span>;
  return <span className={v > 0 ? 'ev-up' : 'ev-down'}>{v > 0 ? `↑${v}` : `↓${-v}`}</span>;
}
