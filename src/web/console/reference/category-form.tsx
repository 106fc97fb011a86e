import { useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import { api } from '../../shared/api.ts';
import { ErrorBox, Field } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import type { Category } from '../../shared/routing-types.ts';
import { splitList } from './ref-common.tsx';

type Props = {
  versionId: number;
  /** Editing this category, or adding one under `parent` (null: a new top-level class). */
  editing: Category | null;
  parent: Category | null;
  onDone: () => void;
  onCancel: () => void;
};

/** Adds a category to a draft taxonomy or edits one: names, default urgency and request type, keywords. */
export function CategoryForm({ versionId, editing, parent, onDone, onCancel }: Props) {
  const { t, L } = useI18n();
  const [name, setName] = useState(editing?.name ?? '');
  const [nameEn, setNameEn] = useState(editing?.name_en ?? '');
  const [urgency, setUrgency] = useState(editing?.default_urgency ?? parent?.default_urgency ?? '');
  const [type, setType] = useState(editing?.default_request_type ?? parent?.default_request_type ?? '');
  const [keywords, setKeywords] = useState((editing?.keywords ?? []).join('、'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: name.trim(),
      nameEn: nameEn.trim() || null,
      defaultUrgency: urgency || null,
      defaultRequestType: type || null,
      keywords: splitList(keywords),
    };
    try {
      if (editing) await api(`/api/taxonomy/versions/${versionId}/categories/${editing.code}`, { method: 'PATCH', body });
      else await api(`/api/taxonomy/versions/${versionId}/categories`, { body: { ...body, parentCode: parent?.code ?? null } });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const title = editing ? t('tax.editTitle', { code: editing.code }) : parent ? t('tax.addUnder', { name: parent.name }) : t('tax.addTop');
  const options = (table: Record<string, { zh: string; en: string }>) => [
    <option key="" value="">
      {t('tax.noDefault')}
    </option>,
    ...Object.keys(table).map((k) => (
      <option key={k} value={k}>
        {L(table, k)}
      </option>
    )),
  ];

  return (
    <form className="inline-form" onSubmit={submit} aria-label={title} data-testid="category-form">
      <h3>{title}</h3>
      <div className="row">
        <Field label={t('tax.name')} required>
          <input value={name} maxLength={60} required onChange={(e) => setName(e.target.value)} data-testid="cat-name" />
        </Field>
        <Field label={t('tax.nameEn')}>
          <input value={nameEn} maxLength={120} onChange={(e) => setNameEn(e.target.value)} data-testid="cat-name-en" />
        </Field>
      </div>
      <div className="row">
        <Field label={t('tax.defaultUrgency')}>
          <select value={urgency} onChange={(e) => setUrgency(e.target.value)} data-testid="cat-urgency">
            {options(URGENCY_LABELS)}
          </select>
        </Field>
        <Field label={t('tax.defaultType')}>
          <select value={type} onChange={(e) => setType(e.target.value)} data-testid="cat-type">
            {options(REQUEST_TYPE_LABELS)}
          </select>
        </Field>
      </div>
      <Field label={t('tax.keywords')} hint={t('tax.keywordsHint')}>
        <input value={keywords} onChange={(e) => setKeywords(e.target.value)} data-testid="cat-keywords" />
      </Field>
      <ErrorBox error={error} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="cat-save">
          {busy ? t('common.submitting') : t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
