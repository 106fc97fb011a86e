import { useId, useState } from 'react';
import { qs } from './api.ts';
import { useApi, useDebounced } from './query.tsx';
import { useI18n } from './i18n.ts';
import { useCombobox } from './combobox.ts';
import { UNIT_KIND_LABELS } from './extra-labels.ts';
import type { Unit } from './types.ts';

/** Units that may lead an order (communities and grids only assist). */
export const LEAD_KINDS = ['street', 'township', 'district', 'department', 'enterprise'];
export const CO_KINDS = [...LEAD_KINDS, 'community'];
const NONE: Unit[] = [];

type Props = {
  label: string;
  kinds: string[];
  value: Unit[];
  onChange: (units: Unit[]) => void;
  multiple?: boolean;
  required?: boolean;
  testid: string;
};

/** Type part of a unit's name, pick from the matches; searches /api/units as you type. */
export function UnitPicker({ label, kinds, value, onChange, multiple, required, testid }: Props) {
  const { t, L } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [closed, setClosed] = useState(false);
  const q = useDebounced(query.trim(), 200);
  const found = useApi<{ items: Unit[] }>(['units', 'search', kinds.join(','), q], q ? `/api/units${qs({ kind: kinds.join(','), q, limit: 20 })}` : null);
  const results = !closed && q && query.trim() ? (found.data?.items ?? NONE) : NONE;
  const searching = found.isFetching;

  const pick = (u: Unit) => {
    onChange(multiple ? [...value.filter((v) => v.id !== u.id), u] : [u]);
    setQuery('');
    setClosed(true);
  };
  const chosen = new Set(value.map((v) => v.id));
  const box = useCombobox(results, pick, () => setClosed(true));

  return (
    <div className="field unit-picker" data-testid={testid}>
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {value.length > 0 && (
        <div className="chips">
          {value.map((u) => (
            <span key={u.id} className="chip" data-testid={`${testid}-selected`}>
              {u.name}
              <button type="button" aria-label={t('unit.remove', { name: u.name })} onClick={() => onChange(value.filter((v) => v.id !== u.id))}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      {/* A single choice stays searchable: typing another name replaces a prefilled unit. */}
      <input
        id={id}
        type="search"
        value={query}
        placeholder={!multiple && value.length ? t('unit.replacePlaceholder') : t('unit.searchPlaceholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setClosed(false);
        }}
        autoComplete="off"
        {...box.inputProps}
        data-testid={`${testid}-search`}
      />
      {searching && <span className="field-hint">{t('common.searching')}</span>}
      {results.length > 0 && (
        <ul className="options" {...box.listProps} aria-label={label}>
          {results.map((u, i) => (
            <li key={u.id} {...box.optionProps(i, chosen.has(u.id))} data-testid={`${testid}-option`}>
              {u.name} <small className="muted">{L(UNIT_KIND_LABELS, u.kind)}</small>
            </li>
          ))}
        </ul>
      )}
      {!searching && query.trim() && results.length === 0 && <span className="field-hint">{t('unit.none')}</span>}
    </div>
  );
}
