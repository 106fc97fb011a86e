import { useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { CategoryPicker } from '../../shared/category-picker.tsx';
import { ErrorBox, Field } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { DUTY_ROLE_LABELS } from '../../shared/routing-labels.ts';
import type { DutyItem } from '../../shared/routing-types.ts';
import type { Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';

type Props = { listId: number; blocks: string[]; editing: DutyItem | null; block?: string; onDone: () => void; onCancel: () => void };
type Dept = { code: string; name: string } | null;

const DEPT_KINDS = ['department', 'enterprise'];

/** Adds an item to a draft duty list or changes one: block, text, legal basis, role, lead department, categories. */
export function DutyItemForm({ listId, blocks, editing, block, onDone, onCancel }: Props) {
  const { t, L } = useI18n();
  const [v, setV] = useState({
    block: editing?.block ?? block ?? blocks[0] ?? '',
    text: editing?.text ?? '',
    legalBasis: editing?.legal_basis ?? '',
    role: editing?.role ?? 'lead',
  });
  const [dept, setDept] = useState<Dept>(editing?.lead_department_code ? { code: editing.lead_department_code, name: editing.lead_department_name ?? editing.lead_department_code } : null);
  const [codes, setCodes] = useState<string[]>(editing?.category_codes ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof v, x: string) => setV((o) => ({ ...o, [k]: x }));
  const listId_ = `blocks-${listId}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      block: v.block.trim(),
      text: v.text.trim(),
      legalBasis: v.legalBasis.trim() || null,
      role: v.role,
      leadDepartmentCode: v.role === 'lead' ? null : (dept?.code ?? null),
      categoryCodes: codes,
    };
    try {
      if (editing) await api(`/api/duty-lists/${listId}/items/${editing.code}`, { method: 'PATCH', body });
      else await api(`/api/duty-lists/${listId}/items`, { body });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const deptValue: Unit[] = dept ? [{ id: 0, code: dept.code, name: dept.name, kind: 'department', parent_id: null, district_id: null }] : [];

  return (
    <form className="inline-form" onSubmit={submit} aria-label={editing ? t('duty.editItem', { code: editing.code }) : t('duty.addItem')} data-testid="duty-item-form">
      <h3>{editing ? t('duty.editItem', { code: editing.code }) : t('duty.addItem')}</h3>
      <div className="row">
        <Field label={t('duty.block')} required>
          <input value={v.block} list={listId_} maxLength={30} required onChange={(e) => set('block', e.target.value)} data-testid="item-block" />
          <datalist id={listId_}>
            {blocks.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </Field>
        <Field label={t('duty.role')} required>
          <select value={v.role} onChange={(e) => set('role', e.target.value)} data-testid="item-role">
            {Object.keys(DUTY_ROLE_LABELS).map((r) => (
              <option key={r} value={r}>
                {L(DUTY_ROLE_LABELS, r)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('duty.text')} required>
        <textarea rows={2} value={v.text} minLength={4} maxLength={500} required onChange={(e) => set('text', e.target.value)} data-testid="item-text" />
      </Field>
      <Field label={t('duty.legalBasis')}>
        <input value={v.legalBasis} maxLength={500} onChange={(e) => set('legalBasis', e.target.value)} data-testid="item-legal" />
      </Field>
      {v.role !== 'lead' && (
        <UnitPicker
          label={t('duty.leadDept')}
          kinds={DEPT_KINDS}
          value={deptValue}
          onChange={(u) => setDept(u[0] ? { code: u[0].code, name: u[0].name } : null)}
          testid="item-dept"
        />
      )}
      <div className="field">
        <span className="field-label">{t('duty.categories')}</span>
        <div className="chips">
          {codes.map((c) => (
            <span key={c} className="chip">
              {c}
              <button type="button" aria-label={t('unit.remove', { name: c })} onClick={() => setCodes(codes.filter((x) => x !== c))}>
                ×
              </button>
            </span>
          ))}
        </div>
      </div>
      <CategoryPicker label={t('duty.addCategory')} value="" onChange={(c) => c && setCodes([...new Set([...codes, c])])} testid="item-category" />
      <ErrorBox error={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="item-save">
          {busy ? t('common.submitting') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
