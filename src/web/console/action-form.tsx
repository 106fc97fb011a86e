import { useState, type FormEvent } from 'react';
import { ACTION_LABELS } from '../../shared/labels.ts';
import { actionPath, api, ApiError, qs } from '../shared/api.ts';
import { ErrorBox, Field, FormButtons } from '../shared/components.tsx';
import { useI18n, type I18n } from '../shared/i18n.ts';
import type { OrderDetail, OrderSummary, Page, Unit } from '../shared/types.ts';
import { UnitPicker } from '../shared/unit-picker.tsx';
import { CategoryPicker } from '../shared/category-picker.tsx';
import { readAttachments } from '../shared/attachments.ts';
import { PhotoInput } from '../shared/photo-input.tsx';
import { ACTION_FIELDS, initialValues, type FieldSpec, type Values } from './action-specs.ts';

type Props = {
  order: OrderDetail;
  action: string;
  onDone: (message: string) => void;
  onCancel: () => void;
  onConflict: (e: ApiError) => void;
};

/** Merge targets are typed as the code people read on the phone; the API wants the id. */
async function resolveOrderId(input: string, t: I18n['t']): Promise<number> {
  const s = input.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const r = await api<Page<OrderSummary>>(`/api/work-orders${qs({ queue: 'all', q: s, pageSize: 5 })}`);
  const hit = r.items.find((o) => o.code.toUpperCase() === s.toUpperCase());
  if (!hit) throw new Error(t('f.orderNotFound', { code: s }));
  return hit.id;
}

/**
 * Sends the action; a server that refuses the photos (attachments on this action are new) gets the
 * same action again without them, so the handling is recorded and the person is told the photos were not.
 */
async function sendDegrading(path: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    await api(path, { body });
    return false;
  } catch (e) {
    if (!body.attachments || !(e instanceof ApiError) || e.status !== 400 || e.code === 'version_conflict') throw e;
    const { attachments: _dropped, ...rest } = body;
    await api(path, { body: rest });
    return true;
  }
}

async function buildBody(fields: FieldSpec[], v: Values, version: number, i18n: I18n): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { version };
  for (const f of fields) {
    if (f.showIf && !f.showIf(v)) continue;
    const val = v[f.name];
    const missing = () => new Error(i18n.t('f.required', { field: i18n.t(f.label) }));
    switch (f.kind) {
      case 'text':
      case 'textarea':
      case 'select':
      case 'category': {
        const s = String(val ?? '').trim();
        if (s) body[f.name] = s;
        else if (f.required) throw missing();
        break;
      }
      case 'number':
        body[f.name] = Number(val);
        break;
      case 'confirm':
        if (val !== true) throw missing();
        body[f.name] = true;
        break;
      case 'yesno':
        body[f.name] = val === true;
        break;
      case 'approve':
        if (val !== 'approve' && val !== 'refuse') throw missing();
        body[f.name] = val === 'approve';
        break;
      case 'unit': {
        const u = (val as Unit[])[0];
        if (u) body[f.name] = u.id;
        else if (f.required) throw missing();
        break;
      }
      case 'units':
        body[f.name] = (val as Unit[]).map((u) => u.id);
        break;
      case 'photos':
        if ((val as File[]).length) body[f.name] = await readAttachments(val as File[], i18n.locale);
        break;
      case 'order':
        if (!String(val ?? '').trim()) throw missing();
        body[f.name] = await resolveOrderId(String(val), i18n.t);
        break;
    }
  }
  return body;
}

function Control({ f, v, set }: { f: FieldSpec; v: Values; set: (name: string, value: unknown) => void }) {
  const { t, L } = useI18n();
  const label = t(f.label);
  const testid = `field-${f.name}`;
  const str = String(v[f.name] ?? '');
  switch (f.kind) {
    case 'text':
    case 'order':
      return (
        <Field label={label} required={f.required} hint={f.kind === 'order' ? t('f.mergeHint') : undefined}>
          <input value={str} onChange={(e) => set(f.name, e.target.value)} data-testid={testid} />
        </Field>
      );
    case 'textarea':
      return (
        <Field label={label} required={f.required}>
          <textarea rows={3} maxLength={f.max} value={str} onChange={(e) => set(f.name, e.target.value)} data-testid={testid} />
        </Field>
      );
    case 'number':
      return (
        <Field label={label} required={f.required}>
          <input type="number" min={f.min} max={f.max} value={str} onChange={(e) => set(f.name, e.target.value)} data-testid={testid} />
        </Field>
      );
    case 'confirm':
      return (
        <label className="check">
          <input type="checkbox" checked={v[f.name] === true} onChange={(e) => set(f.name, e.target.checked)} data-testid={testid} />
          <span>{label}</span>
        </label>
      );
    case 'select':
      return (
        <Field label={label} required={f.required}>
          <select value={str} onChange={(e) => set(f.name, e.target.value)} data-testid={testid}>
            {!f.initial && <option value="">{t('loc.choose')}</option>}
            {Object.keys(f.options).map((k) => (
              <option key={k} value={k}>
                {L(f.options, k)}
              </option>
            ))}
          </select>
        </Field>
      );
    case 'yesno':
      return (
        <Field label={label}>
          <select value={v[f.name] === true ? 'yes' : 'no'} onChange={(e) => set(f.name, e.target.value === 'yes')} data-testid={testid}>
            <option value="yes">{t('common.yes')}</option>
            <option value="no">{t('common.no')}</option>
          </select>
        </Field>
      );
    case 'approve':
      return (
        <Field label={label} required>
          <select value={str} onChange={(e) => set(f.name, e.target.value)} data-testid={testid}>
            <option value="">{t('loc.choose')}</option>
            <option value="approve">{t('f.approveYes')}</option>
            <option value="refuse">{t('f.approveNo')}</option>
          </select>
        </Field>
      );
    case 'photos':
      return <PhotoInput label={label} files={v[f.name] as File[]} onChange={(files) => set(f.name, files)} accept="image/*" camera testid={testid} />;
    case 'category':
      return <CategoryPicker label={label} required={f.required} value={str} onChange={(code) => set(f.name, code)} testid={testid} />;
    case 'unit':
    case 'units':
      return (
        <UnitPicker
          label={label}
          kinds={f.kinds}
          required={f.required}
          multiple={f.kind === 'units'}
          value={v[f.name] as Unit[]}
          onChange={(u) => set(f.name, u)}
          testid={testid}
        />
      );
  }
}

export function ActionForm({ order, action, onDone, onCancel, onConflict }: Props) {
  const i18n = useI18n();
  const { t, L } = i18n;
  const fields = ACTION_FIELDS[action] ?? [];
  const [values, setValues] = useState<Values>(() => initialValues(fields));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await buildBody(fields, values, order.version, i18n);
      const withoutPhotos = await sendDegrading(actionPath(order.id, action), body);
      onDone(t('action.done', { action: L(ACTION_LABELS, action) }) + (withoutPhotos ? ` ${t('photo.notSaved')}` : ''));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.code === 'version_conflict') onConflict(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit} data-testid={`action-form-${action}`} aria-label={L(ACTION_LABELS, action)}>
      <h3>{L(ACTION_LABELS, action)}</h3>
      {fields.length === 0 && <p className="muted small">{t('action.confirm')}</p>}
      {fields.filter((f) => !f.showIf || f.showIf(values)).map((f) => (
        <Control key={f.name} f={f} v={values} set={set} />
      ))}
      <ErrorBox error={error} />
      <FormButtons busy={busy} onCancel={onCancel} />
    </form>
  );
}
