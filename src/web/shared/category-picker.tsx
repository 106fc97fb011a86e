import { useId, useMemo, useState } from 'react';
import { useCombobox } from './combobox.ts';
import { useI18n } from './i18n.ts';
import { pathLabel, useActiveTaxonomy } from './taxonomy.ts';

type Props = { label: string; value: string; onChange: (code: string) => void; required?: boolean; testid: string };

const MAX_OPTIONS = 30;

/** A searchable select over the categories in force: type part of a name, code or keyword, pick one. */
export function CategoryPicker({ label, value, onChange, required, testid }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const tax = useActiveTaxonomy();
  const [query, setQuery] = useState('');
  const [closed, setClosed] = useState(false);

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!tax || !q) return [];
    const hits = tax.items.filter(
      (c) => c.code.startsWith(q) || c.name.includes(q) || (c.name_en ?? '').toLowerCase().includes(q) || c.keywords.some((k) => k.includes(q)),
    );
    // The most specific categories first: an order is best filed at the third level.
    return hits.sort((a, b) => b.level - a.level || a.code.localeCompare(b.code)).slice(0, MAX_OPTIONS);
  }, [tax, query]);

  const pick = (code: string) => {
    onChange(code);
    setQuery('');
  };
  const shown = closed ? [] : matches;
  const box = useCombobox(shown, (c) => pick(c.code), () => setClosed(true));

  return (
    <div className="field unit-picker" data-testid={testid}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {value && (
        <div className="chips">
          <span className="chip" data-testid={`${testid}-selected`} data-code={value}>
            {tax ? pathLabel(tax.byCode, value, locale) : value} <small className="muted">{value}</small>
            <button type="button" aria-label={t('cat.clear')} onClick={() => onChange('')}>
              ×
            </button>
          </span>
        </div>
      )}
      <input
        id={id}
        type="search"
        value={query}
        placeholder={t('cat.searchPlaceholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setClosed(false);
        }}
        autoComplete="off"
        {...box.inputProps}
        data-testid={`${testid}-search`}
      />
      {shown.length > 0 && (
        <ul className="options" {...box.listProps} aria-label={label}>
          {shown.map((c, i) => (
            <li key={c.code} {...box.optionProps(i, c.code === value)} data-testid={`${testid}-option`} data-code={c.code}>
              {pathLabel(tax!.byCode, c.code, locale)} <small className="muted">{c.code}</small>
            </li>
          ))}
        </ul>
      )}
      {tax && query.trim() && matches.length === 0 && <span className="field-hint">{t('cat.none')}</span>}
    </div>
  );
}
