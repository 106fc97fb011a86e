import { useId, useState } from 'react';
import { qs } from '../../shared/api.ts';
import { useApi, useDebounced } from '../../shared/query.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { PLACE_KIND_LABELS } from '../../shared/routing-labels.ts';
import type { PlaceMatch } from '../../shared/routing-types.ts';
import { useCombobox } from '../../shared/combobox.ts';

const NONE: PlaceMatch[] = [];

export const chainOf = (u: PlaceMatch['unit'], sep = ' / ') => [u.street?.name, u.community?.name, u.grid?.name].filter(Boolean).join(sep);

/** Searches the gazetteer (/api/geo/places) as the agent types an address; choosing a match places the order. */
export function AddressSearch({ onPick }: { onPick: (p: PlaceMatch) => void }) {
  const { t, L } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<PlaceMatch | null>(null);
  const [closed, setClosed] = useState(false);
  const typed = query.trim();
  const q = useDebounced(typed, 250);
  const asked = q && q === typed && q !== chosen?.name && !closed;
  const found = useApi<{ items: PlaceMatch[] }>(['places', q], asked ? `/api/geo/places${qs({ q, limit: 8 })}` : null);
  // null: nothing asked (or the answer is not in yet); [] a search that found nothing
  const results = asked ? (found.data?.items ?? (found.isError ? NONE : null)) : null;

  const pick = (p: PlaceMatch) => {
    setChosen(p);
    setQuery(p.name);
    setClosed(true);
    onPick(p);
  };
  const box = useCombobox(results ?? NONE, pick, () => setClosed(true));

  return (
    <div className="field unit-picker address-search">
      <label className="field-label" htmlFor={id}>
        {t('addr.search')}
      </label>
      <input
        id={id}
        type="search"
        value={query}
        placeholder={t('addr.placeholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setClosed(false);
        }}
        autoComplete="off"
        {...box.inputProps}
        data-testid="address-search"
      />
      {results && results.length > 0 && (
        <ul className="options" {...box.listProps} aria-label={t('addr.search')}>
          {results.map((p, i) => (
            <li key={p.id} {...box.optionProps(i)} data-testid="address-option">
              {p.name} <small className="muted">{L(PLACE_KIND_LABELS, p.kind)} · {chainOf(p.unit)}</small>
            </li>
          ))}
        </ul>
      )}
      {results && results.length === 0 && <span className="field-hint">{t('addr.none')}</span>}
      {chosen && query === chosen.name && (
        <span className="field-hint" data-testid="address-resolved">
          {t('addr.resolved', { place: chainOf(chosen.unit) })}
        </span>
      )}
    </div>
  );
}
