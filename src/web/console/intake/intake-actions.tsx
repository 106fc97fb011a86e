import { actionPath, api, ApiError } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.ts';
import type { IntakeResult } from '../../shared/types.ts';

export type EntryFlags = { emergency: boolean; districtApproved: boolean };

/** Merges a just-created order into the open order the agent chose among the possible duplicates. */
export async function mergeInto(order: IntakeResult, intoOrderId: number): Promise<void> {
  await api(actionPath(order.id, 'merge'), { body: { version: order.version, intoOrderId } });
}

export const entryRefused = (e: unknown) => e instanceof ApiError && e.code === 'entry_refused';

/**
 * Intake and dispatch is one command: a refused dispatch (准入) created nothing. The two exceptions
 * the rules allow are offered here; the dispatch button sends the whole command again with them.
 */
export function EntryExceptions({ flags, onChange }: { flags: EntryFlags; onChange: (f: EntryFlags) => void }) {
  const { t } = useI18n();
  return (
    <div className="warn-box" data-testid="intake-dispatch-refused" role="status">
      <p>
        <strong>{t('intake.refused')}</strong> {t('dispatch.exceptionHint')}
      </p>
      <div className="buttons">
        <label className="check inline-check">
          <input type="checkbox" checked={flags.emergency} onChange={(e) => onChange({ ...flags, emergency: e.target.checked })} data-testid="retry-emergency" />
          <span>{t('dispatch.emergency')}</span>
        </label>
        <label className="check inline-check">
          <input type="checkbox" checked={flags.districtApproved} onChange={(e) => onChange({ ...flags, districtApproved: e.target.checked })} data-testid="retry-districtApproved" />
          <span>{t('dispatch.districtApproved')}</span>
        </label>
      </div>
    </div>
  );
}
