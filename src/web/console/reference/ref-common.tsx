import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n.ts';
import type { RoleShares } from '../../shared/routing-types.ts';

/** Loads on mount and whenever `key` changes; `reload` after a change. */
export function useLoad<T>(load: () => Promise<T>, key: string): { data: T | null; error: unknown; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(key);
  latest.current = key;
  // A reload started for an earlier key (an old closure after navigating) must not overwrite the current data.
  const reload = useCallback(async () => {
    try {
      const d = await load();
      if (latest.current !== key) return;
      setData(d);
      setError(null);
    } catch (e) {
      if (latest.current === key) setError(e);
    }
  }, [key]);
  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** Lead / coordinate / assist as one stacked bar with the published percentages. */
export function ShareBar({ s, testid }: { s: RoleShares; testid?: string }) {
  const { t } = useI18n();
  return (
    <div className="share" data-testid={testid}>
      <div className="share-bar" aria-hidden="true">
        <span className="role-lead" style={{ width: `${s.leadPct}%` }} />
        <span className="role-coordinate" style={{ width: `${s.coordinatePct}%` }} />
        <span className="role-assist" style={{ width: `${s.assistPct}%` }} />
      </div>
      <span className="small muted">
        {t('duty.sharesLine', { total: s.total, lead: s.lead, leadPct: s.leadPct, co: s.coordinate, coPct: s.coordinatePct, as: s.assist, asPct: s.assistPct })}
      </span>
    </div>
  );
}

/** A button that asks once more inline (window.confirm is blocked in some kiosks and silent in tests). */
type ConfirmProps = { label: string; confirmLabel: string; onConfirm: () => Promise<void> | void; disabled?: boolean; testid: string; primary?: boolean; small?: boolean };

export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, testid, primary, small }: ConfirmProps) {
  const cls = [primary ? 'primary' : '', small ? 'small-button' : ''].join(' ').trim() || undefined;
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={cls} disabled={disabled} onClick={() => setAsking(true)} data-testid={testid}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className={small ? 'primary small-button' : 'primary'}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
        data-testid={`${testid}-confirm`}
      >
        {busy ? t('common.submitting') : confirmLabel}
      </button>
      <button type="button" className={small ? 'small-button' : undefined} onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

/** Splits keywords or codes typed with commas, 、 or spaces. */
export const splitList = (s: string) => [...new Set(s.split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean))];
