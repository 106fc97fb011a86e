import { useState } from 'react';
import { ACTION_LABELS } from '../../shared/labels.ts';
import { ErrorBox, Card } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import type { ApiError } from '../shared/api.ts';
import type { Me, OrderDetail } from '../shared/types.ts';
import { ActionForm } from './action-form.tsx';
import { DispatchForm, ROUTING_ACTIONS } from './dispatch-form.tsx';

type Props = { order: OrderDetail; me: Me; onDone: (message: string) => Promise<void>; onConflict: () => Promise<void> };

/** One button per action the server says this user may take now; each opens that action's form. */
export function ActionPanel({ order, onDone, onConflict }: Props) {
  const { t, L } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const allowed = order.allowedActions;
  // Dispatching forms show the catalogue's proposal; the rest are generic.
  const Form = open && ROUTING_ACTIONS.includes(open) ? DispatchForm : ActionForm;

  return (
    <Card title={t('action.title')} testid="action-panel">
      {conflict && <ErrorBox error={conflict} />}
      {allowed.length === 0 && <p className="muted">{t('action.none')}</p>}
      <div className="action-buttons">
        {allowed.map((a) => (
          <button
            key={a}
            type="button"
            className={open === a ? 'primary' : undefined}
            aria-expanded={open === a}
            onClick={() => {
              setConflict(null);
              setOpen(open === a ? null : a);
            }}
            data-testid={`action-${a}`}
          >
            {L(ACTION_LABELS, a)}
          </button>
        ))}
      </div>
      {open && allowed.includes(open) && (
        <Form
          key={`${open}-${order.version}`}
          order={order}
          action={open}
          onCancel={() => setOpen(null)}
          onDone={async (message) => {
            setOpen(null);
            await onDone(message);
          }}
          onConflict={async (e) => {
            // The order moved on under us: show why, close the stale form and show the order as it is now.
            setConflict(e);
            setOpen(null);
            await onConflict();
          }}
        />
      )}
    </Card>
  );
}
