import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { AnswerTemplate, AnswerTemplateVersion } from '../../../server/modules/answer-templates/answer-template-tables.ts';
import { api } from '../../shared/api.ts';
import { CategoryPicker } from '../../shared/category-picker.tsx';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient, useApi } from '../../shared/query.tsx';
import { pathLabel, useActiveTaxonomy } from '../../shared/taxonomy.ts';

type Draft = { title: string; body: string; categories: string[]; active: boolean };
const EMPTY: Draft = { title: '', body: '', categories: [], active: true };

function Categories({ codes, onRemove }: { codes: string[]; onRemove?: (code: string) => void }) {
  const { t, locale } = useI18n();
  const tax = useActiveTaxonomy();
  return (
    <span className="chips">
      {codes.map((c) => (
        <span key={c} className="chip" data-testid="template-category" data-code={c}>
          {tax ? pathLabel(tax.byCode, c, locale) : c} <small className="muted">{c}</small>
          {onRemove && (
            <button type="button" aria-label={t('at.removeCategory', { code: c })} onClick={() => onRemove(c)}>
              ×
            </button>
          )}
        </span>
      ))}
    </span>
  );
}

function History({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const h = useApi<{ items: AnswerTemplateVersion[] }>(['answer-templates', 'history', id], `/api/answer-templates/${id}/history`);
  if (!h.data) return <Loading />;
  return (
    <ol className="template-history" data-testid="template-history">
      {h.data.items.map((v) => (
        <li key={v.version} data-testid="template-version" data-version={v.version}>
          <strong>{t('at.version', { v: v.version })}</strong>{' '}
          <span className="muted small">{t('at.by', { who: v.changedBy ?? t('at.system'), at: formatDateTime(v.changedAt, locale) })}</span>
          {!v.active && <span className="badge"> {t('at.inactive')}</span>}
          <div>{v.title}</div>
          <p className="small template-body">{v.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** 答复模板: the standard answers offered at intake, each edit kept as a version. */
export function AnswerTemplatesPage() {
  const { t } = useI18n();
  const list = useApi<{ items: AnswerTemplate[] }>(['answer-templates', 'all'], '/api/answer-templates?all=true');
  const [editing, setEditing] = useState<AnswerTemplate | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [shown, setShown] = useState<number | null>(null);
  const save = useMutation(
    {
      mutationFn: (d: Draft) =>
        editing
          ? api<AnswerTemplate>(`/api/answer-templates/${editing.id}`, { method: 'PUT', body: { ...d, version: editing.version } })
          : api<AnswerTemplate>('/api/answer-templates', { body: d }),
      onSuccess: () => {
        setEditing(null);
        setDraft(EMPTY);
        return queryClient.invalidateQueries({ queryKey: ['answer-templates'] });
      },
    },
    queryClient,
  );
  const edit = (tpl: AnswerTemplate) => {
    setEditing(tpl);
    setDraft({ title: tpl.title, body: tpl.body, categories: tpl.categories, active: tpl.active });
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const formTitle = editing ? t('at.edit', { title: editing.title }) : t('at.new');

  return (
    <div className="admin-page" data-testid="answer-templates-page">
      <Card title={formTitle}>
        <form className="form" onSubmit={submit} aria-label={formTitle} data-testid="template-form">
          <Field label={t('at.fTitle')} required>
            <input required maxLength={100} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} data-testid="template-title" />
          </Field>
          <Field label={t('at.fBody')} required>
            <textarea required rows={5} maxLength={2000} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} data-testid="template-body" />
          </Field>
          <div className="field">
            <span className="field-label">{t('at.fCategories')}</span>
            <Categories codes={draft.categories} onRemove={(c) => setDraft({ ...draft, categories: draft.categories.filter((x) => x !== c) })} />
          </div>
          <CategoryPicker
            label={t('at.addCategory')}
            value=""
            onChange={(c) => c && !draft.categories.includes(c) && setDraft({ ...draft, categories: [...draft.categories, c] })}
            testid="template-category-picker"
          />
          <label className="check">
            <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} data-testid="template-active" />
            <span>{t('at.fActive')}</span>
          </label>
          <ErrorBox error={save.error} />
          {save.isSuccess && <Notice>{t('at.saved')}</Notice>}
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending} data-testid="template-save">
              {t('at.save')}
            </button>
            {editing && (
              <button type="button" onClick={() => (setEditing(null), setDraft(EMPTY))}>
                {t('at.cancel')}
              </button>
            )}
          </div>
        </form>
      </Card>
      <Card title={t('at.list')}>
        {!list.data ? (
          <Loading />
        ) : (
          <ul className="template-list" data-testid="template-list">
            {list.data.items.map((tpl) => (
              <li key={tpl.id} data-testid="template-row" data-id={tpl.id} data-version={tpl.version}>
                <div>
                  <strong>{tpl.title}</strong> <span className="muted small">{t('at.version', { v: tpl.version })}</span>
                  {!tpl.active && <span className="badge"> {t('at.inactive')}</span>}
                </div>
                <Categories codes={tpl.categories} />
                <p className="small template-body">{tpl.body}</p>
                <div className="buttons">
                  <button type="button" className="small-button" onClick={() => edit(tpl)} data-testid="template-edit">
                    {t('at.editButton')}
                  </button>
                  <button type="button" className="small-button" aria-expanded={shown === tpl.id} onClick={() => setShown(shown === tpl.id ? null : tpl.id)} data-testid="template-history-toggle">
                    {t('at.history')}
                  </button>
                </div>
                {shown === tpl.id && <History id={tpl.id} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
