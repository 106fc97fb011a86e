import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient } from '../../shared/query.tsx';
import { hasRole } from '../../shared/session.tsx';
import type { Me, OrderSummary, Unit } from '../../shared/types.ts';
import { LEAD_KINDS, UnitPicker } from '../../shared/unit-picker.tsx';

type RowResult = { id: number; ok: boolean; status?: string; error?: { code: string; message: string } };

/**
 * 批量派单 / 批量改派: the chosen rows go to one lead unit, each with the version shown on screen.
 * The server answers row by row; the rows that went through leave the selection, the others stay
 * with their reason.
 */
export function BulkBar({ me, rows, selected, onDone }: { me: Me; rows: OrderSummary[]; selected: Set<number>; onDone: (keep: number[]) => void }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState<Unit[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [results, setResults] = useState<{ rows: RowResult[]; codes: Map<number, string> } | null>(null);
  const chosen = rows.filter((r) => selected.has(r.id));
  const canDispatch = hasRole(me, 'dispatcher');
  const canReassign = hasRole(me, 'district_supervisor');
  if (!canDispatch && !canReassign) return null;

  const run = async (action: 'dispatch' | 'reassign') => {
    if (!unit[0] || !chosen.length) return;
    setBusy(true);
    setError(null);
    try {
      const body = { action, leadUnitId: unit[0].id, orders: chosen.map((r) => ({ id: r.id, version: r.version })), ...(action === 'reassign' ? { note } : {}) };
      const r = await api<{ results: RowResult[] }>('/api/work-orders/bulk', { body });
      setResults({ rows: r.results, codes: new Map(chosen.map((c) => [c.id, c.code])) });
      onDone(r.results.filter((x) => !x.ok).map((x) => x.id));
      await queryClient.invalidateQueries({ queryKey: ['work-orders'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" data-testid="bulk-bar">
      {chosen.length > 0 && (
        <>
          <strong data-testid="bulk-count">{t('inboxq.selected', { n: chosen.length })}</strong>
          <UnitPicker label={t('inboxq.bulkUnit')} kinds={LEAD_KINDS} value={unit} onChange={setUnit} required testid="bulk-unit" />
          {canReassign && (
            <label className="field">
              <span className="field-label">{t('inboxq.bulkNote')}</span>
              <input value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="bulk-note" />
            </label>
          )}
          {unit[0] && <p className="small" data-testid="bulk-confirm">{t('inboxq.bulkConfirm', { n: chosen.length, unit: unit[0].name })}</p>}
          <div className="buttons">
            {canDispatch && (
              <button type="button" className="primary" disabled={busy || !unit[0]} onClick={() => void run('dispatch')} data-testid="bulk-dispatch">
                {busy ? t('common.submitting') : t('inboxq.bulkDispatch')}
              </button>
            )}
            {canReassign && (
              <button type="button" disabled={busy || !unit[0] || !note.trim()} onClick={() => void run('reassign')} data-testid="bulk-reassign">
                {t('inboxq.bulkReassign')}
              </button>
            )}
          </div>
        </>
      )}
      <ErrorBox error={error} />
      {results && (
        <div role="status" data-testid="bulk-results">
          <p>
            <strong>{t('inboxq.bulkResults')}</strong>{' '}
            {t('inboxq.bulkDone', { ok: results.rows.filter((r) => r.ok).length, failed: results.rows.filter((r) => !r.ok).length })}
          </p>
          <ul className="bulk-results">
            {results.rows.map((r) => (
              <li key={r.id} data-testid="bulk-result" data-ok={r.ok}>
                {results.codes.get(r.id)}：{r.ok ? t('inboxq.ok') : r.error?.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
