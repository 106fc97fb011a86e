import { useEffect, useId, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
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
  const [results, setResults] = useState<PlaceMatch[] | null>(null);
  const [chosen, setChosen] = useState<PlaceMatch | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q || q === chosen?.name) {
      setResults(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const r = await api<{ items: PlaceMatch[] }>(`/api/geo/places${qs({ q, limit: 8 })}`, { signal: ctrl.signal });
        setResults(r.items);
      } catch {
        if (!ctrl.signal.aborted) setResults([]);
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, chosen]);

  const pick = (p: PlaceMatch) => {
    setChosen(p);
    setQuery(p.name);
    setResults(null);
    onPick(p);
  };
  const box = useCombobox(results ?? NONE, pick, () => setResults(null));

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
        onChange={(e) => setQuery(e.target.value)}
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
