import { DECLINE_REASON_LABELS, SATISFACTION_LABELS } from '../../shared/labels.ts';
import { ADJUDICATION_LABELS, CONTACT_METHOD_LABELS } from '../shared/extra-labels.ts';
import type { MsgKey } from '../shared/i18n.ts';
import { CO_KINDS, LEAD_KINDS } from '../shared/unit-picker.tsx';

type Table = Record<string, { zh: string; en: string }>;
export type Values = Record<string, unknown>;

/**
 * One form field of an action, mirroring ACTION_INPUTS in work-order-schemas.ts. `showIf` hides
 * fields that do not apply (and keeps them out of the body), e.g. a callback's answers when the
 * callback was not valid.
 */
export type FieldSpec = { name: string; label: MsgKey; required?: boolean; showIf?: (v: Values) => boolean } & (
  | { kind: 'text' | 'textarea'; max: number }
  | { kind: 'number'; min: number; max: number; initial: number }
  | { kind: 'confirm' } // a checkbox that must be ticked; sends true
  | { kind: 'select'; options: Table; initial?: string }
  | { kind: 'yesno'; initial: boolean }
  | { kind: 'approve' } // approve / refuse → approve: boolean
  | { kind: 'unit'; kinds: string[] }
  | { kind: 'units'; kinds: string[] }
  | { kind: 'order' } // a code or id, sent as the order id
  | { kind: 'category' } // a category code of the taxonomy in force, picked by search
  | { kind: 'photos' } // files sent as attachments: [{name, mime, contentBase64}]
);

const note: FieldSpec = { name: 'note', label: 'f.note', kind: 'textarea', max: 1000 };
const noteRequired: FieldSpec = { ...note, required: true };
const reason: FieldSpec = { name: 'reason', label: 'f.reason', kind: 'textarea', max: 1000, required: true };
const lead: FieldSpec = { name: 'leadUnitId', label: 'f.leadUnit', kind: 'unit', kinds: LEAD_KINDS, required: true };
const co: FieldSpec = { name: 'coHandlerUnitIds', label: 'f.coHandlers', kind: 'units', kinds: CO_KINDS };
const photos: FieldSpec = { name: 'attachments', label: 'photo.field', kind: 'photos' };
const valid = (v: Values) => v.valid === true;
const redispatch = (v: Values) => v.decision === 'redispatch';

export const ACTION_FIELDS: Record<string, FieldSpec[]> = {
  answer: [{ name: 'answer', label: 'f.answer', kind: 'textarea', max: 5000, required: true }],
  decline: [{ name: 'reason', label: 'f.declineReason', kind: 'select', options: DECLINE_REASON_LABELS, required: true }, note],
  dispatch: [lead, co, note],
  merge: [{ name: 'intoOrderId', label: 'f.mergeTarget', kind: 'order', required: true }, note],
  sign: [],
  dispute: [reason, { name: 'suggestedUnitId', label: 'f.suggestedUnit', kind: 'unit', kinds: LEAD_KINDS }],
  adjudicate: [
    { name: 'decision', label: 'f.decision', kind: 'select', options: ADJUDICATION_LABELS, required: true },
    { ...lead, showIf: redispatch },
    { ...co, showIf: redispatch },
    noteRequired,
  ],
  contact: [{ name: 'method', label: 'f.contactMethod', kind: 'select', options: CONTACT_METHOD_LABELS, initial: 'phone', required: true }, note, photos],
  request_extension: [
    reason,
    { name: 'days', label: 'f.daysNatural', kind: 'number', min: 1, max: 60, initial: 3, required: true },
    { name: 'requesterInformed', label: 'f.requesterInformed', kind: 'confirm', required: true },
  ],
  decide_extension: [{ name: 'approve', label: 'f.approve', kind: 'approve', required: true }, note],
  escalate: [reason],
  reassign: [lead, co, noteRequired],
  co_report: [{ name: 'report', label: 'f.report', kind: 'textarea', max: 5000, required: true }],
  feedback: [
    { name: 'result', label: 'f.result', kind: 'textarea', max: 5000, required: true },
    { name: 'solved', label: 'f.solved', kind: 'yesno', initial: true },
    photos,
  ],
  callback: [
    { name: 'valid', label: 'f.valid', kind: 'yesno', initial: true },
    { name: 'contacted', label: 'f.contacted', kind: 'yesno', initial: true, showIf: valid },
    { name: 'solved', label: 'f.solved', kind: 'yesno', initial: true, showIf: valid },
    { name: 'satisfaction', label: 'f.satisfaction', kind: 'select', options: SATISFACTION_LABELS, required: true, showIf: valid },
    note,
  ],
  reopen: [reason],
  close: [note],
  request_exclusion: [reason],
  decide_exclusion: [{ name: 'approve', label: 'f.approve', kind: 'approve', required: true }, note],
  supervise: [noteRequired],
  recategorize: [
    { name: 'category', label: 'f.category', kind: 'category', required: true },
    { name: 'reason', label: 'f.reason', kind: 'textarea', max: 1000 },
  ],
};

export function initialValues(fields: FieldSpec[]): Values {
  const v: Values = {};
  for (const f of fields) {
    if (f.kind === 'number' || f.kind === 'yesno') v[f.name] = f.initial;
    else if (f.kind === 'select') v[f.name] = f.initial ?? '';
    else if (f.kind === 'confirm') v[f.name] = false;
    else if (f.kind === 'unit' || f.kind === 'units' || f.kind === 'photos') v[f.name] = [];
    else v[f.name] = '';
  }
  return v;
}
