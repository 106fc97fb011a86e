import { useMemo, useState } from 'react';
import { REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import { api } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import type { Category } from '../../shared/routing-types.ts';
import { categoryName } from '../../shared/taxonomy.ts';
import { CategoryForm } from './category-form.tsx';

type Props = { items: Category[]; versionId: number; editable: boolean; onChanged: () => Promise<void> };
type FormState = { editing: Category | null; parent: Category | null; anchor: string };

const KEYWORDS_SHOWN = 6;

/** The three-level category tree: first levels folded, a search that unfolds what matches; editable in a draft. */
export function TaxonomyTree({ items, versionId, editable, onChanged }: Props) {
  const { t, L, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [form, setForm] = useState<FormState | null>(null);
  const [error, setError] = useState<unknown>(null);

  const children = useMemo(() => {
    const m = new Map<string | null, Category[]>();
    for (const c of items) m.set(c.parent_code, [...(m.get(c.parent_code) ?? []), c]);
    return m;
  }, [items]);

  // While searching: the matches and their ancestors, unfolded.
  const q = query.trim().toLowerCase();
  const shown = useMemo(() => {
    if (!q) return null;
    const byCode = new Map(items.map((c) => [c.code, c]));
    const keep = new Set<string>();
    for (const c of items) {
      if (!(c.code.startsWith(q) || c.name.includes(q) || (c.name_en ?? '').toLowerCase().includes(q) || c.keywords.some((k) => k.includes(q)))) continue;
      for (let p: Category | undefined = c; p; p = p.parent_code ? byCode.get(p.parent_code) : undefined) keep.add(p.code);
    }
    return keep;
  }, [items, q]);

  const toggle = (code: string) => setOpen((s) => (s.has(code) ? new Set([...s].filter((x) => x !== code)) : new Set([...s, code])));

  const setActive = async (c: Category, active: boolean) => {
    setError(null);
    try {
      await api(`/api/taxonomy/versions/${versionId}/categories/${c.code}`, { method: 'PATCH', body: { active } });
      await onChanged();
    } catch (e) {
      setError(e);
    }
  };

  const formFor = (anchor: string) =>
    form?.anchor === anchor && (
      <CategoryForm
        versionId={versionId}
        editing={form.editing}
        parent={form.parent}
        onCancel={() => setForm(null)}
        onDone={async () => {
          if (form.parent) setOpen((s) => new Set([...s, form.parent!.code]));
          setForm(null);
          await onChanged();
        }}
      />
    );

  const node = (c: Category) => {
    if (shown && !shown.has(c.code)) return null;
    const kids = children.get(c.code) ?? [];
    const unfolded = shown ? true : open.has(c.code);
    return (
      <li key={c.code} className={c.active ? undefined : 'inactive'}>
        <div className={`cat-row level-${c.level}`} data-testid="cat-row" data-code={c.code}>
          {kids.length > 0 ? (
            <button type="button" className="fold" aria-expanded={unfolded} onClick={() => toggle(c.code)} data-testid="cat-fold" aria-label={categoryName(c, locale)}>
              {unfolded ? '▾' : '▸'}
            </button>
          ) : (
            <span className="fold" />
          )}
          <span className="code-tag">{c.code}</span>
          <strong className="cat-name">{categoryName(c, locale)}</strong>
          {kids.length > 0 && <span className="muted small">（{kids.length}）</span>}
          {c.default_urgency && <span className={`badge urgency-${c.default_urgency}`}>{L(URGENCY_LABELS, c.default_urgency)}</span>}
          {c.default_request_type && <span className="badge">{L(REQUEST_TYPE_LABELS, c.default_request_type)}</span>}
          {!c.active && <span className="badge excluded">{t('tax.inactive')}</span>}
          <span className="keywords small muted">
            {c.keywords.slice(0, KEYWORDS_SHOWN).join('、')}
            {c.keywords.length > KEYWORDS_SHOWN && ' …'}
          </span>
          {editable && (
            <span className="row-actions">
              <button type="button" className="small-button" onClick={() => setForm({ editing: c, parent: null, anchor: c.code })} data-testid="cat-edit">
                {t('common.edit')}
              </button>
              {c.level < 3 && c.active && (
                <button type="button" className="small-button" onClick={() => setForm({ editing: null, parent: c, anchor: c.code })} data-testid="cat-add-child">
                  {t('tax.addChild')}
                </button>
              )}
              <button type="button" className="small-button" onClick={() => void setActive(c, !c.active)} data-testid="cat-active">
                {c.active ? t('tax.deactivate') : t('tax.activate')}
              </button>
            </span>
          )}
        </div>
        {formFor(c.code)}
        {unfolded && kids.length > 0 && <ul className="cat-tree">{kids.map(node)}</ul>}
      </li>
    );
  };

  return (
    <div data-testid="taxonomy-tree">
      <div className="toolbar">
        <input type="search" className="grow" value={query} placeholder={t('tax.search')} onChange={(e) => setQuery(e.target.value)} data-testid="tax-search" />
        {editable && (
          <button type="button" onClick={() => setForm({ editing: null, parent: null, anchor: '' })} data-testid="cat-add-top">
            {t('tax.addTop')}
          </button>
        )}
      </div>
      <ErrorBox error={error} />
      {formFor('')}
      <ul className="cat-tree root">{(children.get(null) ?? []).map(node)}</ul>
      {shown && shown.size === 0 && <p className="empty">{t('cat.none')}</p>}
    </div>
  );
}
