import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ACTION_LABELS } from '../../shared/labels.ts';
import { actionPath, api, ApiError } from '../shared/api.ts';
import { ErrorBox, Field, FormButtons } from '../shared/components.tsx';
import { ADJUDICATION_LABELS } from '../shared/extra-labels.ts';
import { useI18n } from '../shared/i18n.ts';
import type { OrderDetail, Unit } from '../shared/types.ts';
import { CO_KINDS, LEAD_KINDS, UnitPicker } from '../shared/unit-picker.tsx';
import { fromProposal, ProposalView } from './routing/ProposalView.tsx';
import { asUnit, useEntryWarnings, useOrderProposal } from './routing/use-proposal.ts';

export const ROUTING_ACTIONS = ['dispatch', 'reassign', 'adjudicate'];

type Props = { order: OrderDetail; action: string; onDone: (message: string) => void; onCancel: () => void; onConflict: (e: ApiError) => void };

/** The unit the street named when it handed the order back, from the dispute awaiting a decision. */
export function suggestedByDispute(order: OrderDetail): Unit | null {
  const d = [...order.disputes].reverse().find((x) => x.status === 'pending' && x.suggested_unit_id);
  if (!d) return null;
  return { id: Number(d.suggested_unit_id), code: '', name: String(d.suggested_unit_name ?? ''), kind: String(d.suggested_unit_kind ?? 'department'), parent_id: null, district_id: null };
}

const sameIds = (a: { id: number }[], b: { id: number }[]) => a.map((u) => u.id).sort().join(',') === b.map((u) => u.id).sort().join(',');

/**
 * 派单, 区级改派 and a dispute's re-dispatch: the catalogue's proposal prefilled (lead unit and
 * co-handlers, with the rule and duty item behind them), marked as adopted until the dispatcher
 * changes it; 准入 refusals shown with the two exceptions the rules allow.
 */
export function DispatchForm({ order, action, onDone, onCancel, onConflict }: Props) {
  const { t, L, locale } = useI18n();
  const [decision, setDecision] = useState(action === 'adjudicate' ? '' : 'redispatch');
  const routingShown = decision === 'redispatch';
  const { proposal, error: proposalError, loading } = useOrderProposal(order, routingShown);
  const suggested = action === 'adjudicate' ? suggestedByDispute(order) : null;
  // The street's own suggestion comes first in 退单审核: it knows why the order is not its own.
  const [lead, setLead] = useState<Unit[]>(suggested ? [suggested] : []);
  const [confirming, setConfirming] = useState(false);
  const [co, setCo] = useState<Unit[]>([]);
  const touched = useRef(false);
  const [flags, setFlags] = useState({ emergency: false, districtApproved: false });
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const noteRequired = action !== 'dispatch';
  // Re-dispatching to the unit that just handed the order back is refused; do not propose it as if it were new.
  const proposesCurrent = action !== 'dispatch' && !!proposal && proposal.leadUnit.id === order.leadUnit?.id;
  const warnings = useEntryWarnings(order.category, routingShown ? lead : [], routingShown ? co : [], flags);

  useEffect(() => {
    if (!proposal || touched.current) return;
    if (!proposesCurrent && !suggested) setLead([asUnit(proposal.leadUnit)]);
    setCo(proposal.coHandlers.map(asUnit));
  }, [proposal, proposesCurrent, suggested?.id]);
  useEffect(() => setConfirming(false), [lead, co, decision, flags]);

  const adopted = !!proposal && lead[0]?.id === proposal.leadUnit.id && sameIds(co, proposal.coHandlers);
  const refused = error instanceof ApiError && error.code === 'entry_refused';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { version: order.version };
      if (action === 'adjudicate') {
        if (!decision) throw new Error(t('f.required', { field: t('f.decision') }));
        body.decision = decision;
      }
      if (routingShown) {
        if (!lead[0]) throw new Error(t('f.required', { field: t('f.leadUnit') }));
        body.leadUnitId = lead[0].id;
        body.coHandlerUnitIds = co.map((u) => u.id);
        if (flags.emergency) body.emergency = true;
        if (flags.districtApproved) body.districtApproved = true;
      }
      if (note.trim()) body.note = note.trim();
      else if (noteRequired) throw new Error(t('f.required', { field: t('f.note') }));
      // The unit is said in words before anything is sent: a misroute costs a dispute round trip.
      if (routingShown && !confirming) {
        setConfirming(true);
        return;
      }
      await api(actionPath(order.id, action), { body });
      onDone(t('action.done', { action: L(ACTION_LABELS, action) }));
    } catch (err) {
      // Back to the form: the refusal (准入, a stale version) is mended there, then confirmed again.
      setConfirming(false);
      setError(err);
      if (err instanceof ApiError && err.code === 'version_conflict') onConflict(err);
    } finally {
      setBusy(false);
    }
  };

  const touch = (f: () => void) => {
    touched.current = true;
    f();
  };

  return (
    <form className="action-form" onSubmit={submit} data-testid={`action-form-${action}`} aria-label={L(ACTION_LABELS, action)}>
      <h3>{L(ACTION_LABELS, action)}</h3>
      {action === 'adjudicate' && (
        <Field label={t('f.decision')} required>
          <select value={decision} onChange={(e) => setDecision(e.target.value)} data-testid="field-decision">
            <option value="">{t('loc.choose')}</option>
            {Object.keys(ADJUDICATION_LABELS).map((k) => (
              <option key={k} value={k}>
                {L(ADJUDICATION_LABELS, k)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {routingShown && (
        <>
          <div className="proposal-box" data-testid="dispatch-proposal">
            <div className="proposal-box-head">
              <strong>{t('dispatch.proposal')}</strong>
              {proposal && lead.length > 0 && (
                <span className={`badge ${adopted ? 'ok' : 'warn'}`} data-testid={adopted ? 'routing-adopted' : 'routing-overridden'}>
                  {adopted ? t('dispatch.adopted') : t('dispatch.overridden')}
                </span>
              )}
            </div>
            {loading && <p className="muted small">{t('common.loading')}</p>}
            {proposalError !== null && <p className="muted small">{t('dispatch.noProposal', { reason: proposalError instanceof Error ? proposalError.message : '' })}</p>}
            {proposal && <ProposalView p={fromProposal(proposal)} testid="dispatch-proposal-view" />}
            {proposesCurrent && <p className="small warn-text">{t('dispatch.proposesCurrent')}</p>}
            {proposal && !adopted && (
              <button
                type="button"
                className="small-button"
                onClick={() => {
                  setLead(proposesCurrent ? [] : [asUnit(proposal.leadUnit)]);
                  setCo(proposal.coHandlers.map(asUnit));
                }}
                data-testid="adopt-proposal"
              >
                {t('dispatch.adopt')}
              </button>
            )}
          </div>
          {suggested && (
            <p className="small info-text" data-testid="dispute-suggested">
              {t('dispatch.suggestedByStreet', { unit: suggested.name })}
            </p>
          )}
          <UnitPicker label={t('f.leadUnit')} kinds={LEAD_KINDS} required value={lead} onChange={(u) =>
              touch(() => {
                setLead(u);
                // the lead cannot co-handle as well: picking a co-handler as lead moves it
                if (u[0]) setCo((c) => c.filter((x) => x.id !== u[0].id));
              })
            }
            testid="field-leadUnitId" />
          <UnitPicker label={t('f.coHandlers')} kinds={CO_KINDS} multiple value={co} onChange={(u) => touch(() => setCo(u))} testid="field-coHandlerUnitIds" />
          {warnings.map((w) => (
            <p key={`${w.unit}-${w.role}`} className="warn-box small" data-testid="entry-warning">
              {locale === 'en' ? w.result.reason : w.result.reasonZh}
            </p>
          ))}
          <fieldset className={refused || warnings.length ? 'exceptions attention' : 'exceptions'}>
            <legend>{t('dispatch.exceptions')}</legend>
            <label className="check">
              <input type="checkbox" checked={flags.emergency} onChange={(e) => setFlags({ ...flags, emergency: e.target.checked })} data-testid="field-emergency" />
              <span>{t('dispatch.emergency')}</span>
            </label>
            <label className="check">
              <input type="checkbox" checked={flags.districtApproved} onChange={(e) => setFlags({ ...flags, districtApproved: e.target.checked })} data-testid="field-districtApproved" />
              <span>{t('dispatch.districtApproved')}</span>
            </label>
          </fieldset>
        </>
      )}
      <Field label={t('f.note')} required={noteRequired}>
        <textarea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="field-note" />
      </Field>
      <ErrorBox error={error} />
      {refused && <p className="small warn-text">{t('dispatch.exceptionHint')}</p>}
      {confirming && lead[0] ? (
        <div className="confirm-box" role="alertdialog" aria-labelledby={`${order.id}-confirm`} data-testid="dispatch-confirm">
          <p id={`${order.id}-confirm`}>
            {co.length
              ? t('dispatch.confirmWithCo', { unit: lead[0].name, co: co.map((u) => u.name).join('、') })
              : t('dispatch.confirm', { unit: lead[0].name })}
          </p>
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy} autoFocus data-testid="action-confirm">
              {busy ? t('common.submitting') : t('dispatch.confirmYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} data-testid="action-confirm-back">
              {t('dispatch.confirmBack')}
            </button>
          </div>
        </div>
      ) : (
        <FormButtons busy={busy} onCancel={onCancel} />
      )}
    </form>
  );
}
