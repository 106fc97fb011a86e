import { useState } from 'react';
import { actionPath, api, ApiError } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { navigate } from '../../shared/router.ts';
import type { RoutingProposal } from '../../shared/routing-types.ts';
import type { IntakeResult } from '../../shared/types.ts';

export type EntryFlags = { emergency: boolean; districtApproved: boolean };

/** Dispatches a just-created order to the proposal's lead unit and co-handlers, as the dispatcher accepted it. */
export async function dispatchAsProposed(order: IntakeResult, routing: RoutingProposal, flags: EntryFlags): Promise<void> {
  await api(actionPath(order.id, 'dispatch'), {
    body: {
      version: order.version,
      leadUnitId: routing.leadUnit.id,
      coHandlerUnitIds: routing.coHandlers.map((u) => u.id),
      ...(flags.emergency ? { emergency: true } : {}),
      ...(flags.districtApproved ? { districtApproved: true } : {}),
    },
  });
}

/** Merges a just-created order into the open order the agent chose among the possible duplicates. */
export async function mergeInto(order: IntakeResult, intoOrderId: number): Promise<void> {
  await api(actionPath(order.id, 'merge'), { body: { version: order.version, intoOrderId } });
}

export type PendingDispatch = { order: IntakeResult; routing: RoutingProposal; error: unknown };

/**
 * The order exists but dispatch was refused (准入 most often): the server's reason, the two
 * exceptions the rules allow, and a retry that dispatches only — the order is not taken in twice.
 */
export function DispatchRetry({ pending, onRetry }: { pending: PendingDispatch; onRetry: (flags: EntryFlags) => Promise<void> }) {
  const { t } = useI18n();
  const [flags, setFlags] = useState<EntryFlags>({ emergency: false, districtApproved: false });
  const [busy, setBusy] = useState(false);
  const refused = pending.error instanceof ApiError && pending.error.code === 'entry_refused';
  return (
    <div className="warn-box" data-testid="intake-dispatch-refused" role="alert">
      <p>
        <strong>{t('intake.createdNotDispatched', { code: pending.order.code })}</strong>
      </p>
      <ErrorBox error={pending.error} />
      {refused && <p className="small">{t('dispatch.exceptionHint')}</p>}
      <div className="buttons">
        <label className="check inline-check">
          <input type="checkbox" checked={flags.emergency} onChange={(e) => setFlags({ ...flags, emergency: e.target.checked })} data-testid="retry-emergency" />
          <span>{t('dispatch.emergency')}</span>
        </label>
        <label className="check inline-check">
          <input
            type="checkbox"
            checked={flags.districtApproved}
            onChange={(e) => setFlags({ ...flags, districtApproved: e.target.checked })}
            data-testid="retry-districtApproved"
          />
          <span>{t('dispatch.districtApproved')}</span>
        </label>
      </div>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || (refused && !flags.emergency && !flags.districtApproved)}
          onClick={async () => {
            setBusy(true);
            try {
              await onRetry(flags);
            } finally {
              setBusy(false);
            }
          }}
          data-testid="retry-dispatch"
        >
          {busy ? t('common.submitting') : t('intake.retryDispatch')}
        </button>
        <button type="button" onClick={() => navigate(`/console/orders/${pending.order.id}`)} data-testid="open-created">
          {t('intake.openWithoutDispatch')}
        </button>
      </div>
    </div>
  );
}
