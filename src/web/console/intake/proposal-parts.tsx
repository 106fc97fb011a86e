import { isUncertain } from '../../../shared/classification.ts';
import { UncertainBadge } from '../proposal-record.tsx';
import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../shared/api.ts';
import { StatusBadge } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { BASIS_LABELS, PLACE_METHOD_LABELS } from '../../shared/routing-labels.ts';
import type { CategoryProposal, DuplicateHit, ResolvedPlace, Signal } from '../../shared/routing-types.ts';
import type { UnitWithChain } from '../../shared/types.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function Bar({ value }: { value: number }) {
  return (
    <span className="bar" aria-hidden="true">
      <span style={{ width: pct(Math.max(0, Math.min(1, value))) }} />
    </span>
  );
}

/** The model's top three, most likely first; a click chooses one (it then fills the order's category). */
export function CategoryChoices({ items, chosen, onChoose }: { items: CategoryProposal[]; chosen: string; onChoose: (code: string) => void }) {
  const { t } = useI18n();
  if (!items.length) return <p className="muted small">{t('sug.noModel')}</p>;
  return (
    <ol className="choices" data-testid="category-proposals">
      {items.map((c, i) => {
        const active = c.code !== null && (chosen ? chosen === c.code : i === 0);
        return (
          <li key={`${c.code}-${i}`}>
            <button
              type="button"
              className={`choice${active ? ' active' : ''}`}
              aria-pressed={chosen !== '' && chosen === c.code}
              disabled={!c.code}
              onClick={() => c.code && onChoose(c.code)}
              data-testid="category-option"
              data-code={c.code ?? ''}
            >
              <span className="choice-head">
                <strong>{c.name}</strong>
                <span className="muted small">{pct(c.confidence)}</span>
                {isUncertain(c.confidence) && <UncertainBadge />}
              </span>
              <Bar value={c.confidence} />
              <span className="muted small" data-testid="category-path">
                {c.path.join(' / ')} {c.code && `· ${c.code}`}
              </span>
              {c.refinedBy.length > 0 && <span className="small muted">{t('sug.refinedBy', { words: [...new Set(c.refinedBy)].join('、') })}</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The typed text with the words that weighed most for the proposal marked. */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  const words = [...new Set(terms.filter((w) => w.trim().length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return <>{text}</>;
  const re = new RegExp(`(${words.map(escape).join('|')})`, 'g');
  const parts: ReactNode[] = text.split(re).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part));
  return <>{parts}</>;
}

type SignalProps = { label: string; signal: Signal; table: Record<string, { zh: string; en: string }>; current: string; onAdopt: () => void; testid: string };

/** A proposed request type or urgency with what it rests on, and one click to take it. */
export function SignalRow({ label, signal, table, current, onAdopt, testid }: SignalProps) {
  const { t, L } = useI18n();
  const basis = L(BASIS_LABELS, signal.basis);
  const detail = signal.words.length ? `${basis}：${signal.words.join('、')}` : signal.confidence !== null ? `${basis} ${pct(signal.confidence)}` : basis;
  return (
    <div className="signal" data-testid={testid} data-value={signal.value}>
      <span className="muted">{label}</span>
      <strong>{L(table, signal.value)}</strong>
      <span className="muted small">（{detail}）</span>
      {current === signal.value ? (
        <span className="badge ok">{t('sug.adopted')}</span>
      ) : (
        <button type="button" className="small-button" onClick={onAdopt} data-testid={`${testid}-adopt`}>
          {t('sug.adopt')}
        </button>
      )}
    </div>
  );
}

const unitCache = new Map<number, Promise<UnitWithChain>>();
function unitChain(id: number): Promise<UnitWithChain> {
  let p = unitCache.get(id);
  if (!p) {
    p = api<UnitWithChain>(`/api/units/${id}`);
    p.catch(() => unitCache.delete(id));
    unitCache.set(id, p);
  }
  return p;
}

/** Names of the unit and the ones above it (street / community / grid), from its id. */
export function useUnitNames(id: number | null): string | null {
  const [names, setNames] = useState<string | null>(null);
  useEffect(() => {
    setNames(null);
    if (!id) return;
    let live = true;
    unitChain(id).then(
      (u) => live && setNames(u.chain.filter((c) => !['city'].includes(c.kind)).map((c) => c.name).join(' / ')),
      () => live && setNames(null),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return names;
}

/** Where the order was placed and how; a place not found says so and asks for a pin. */
export function PlaceResolution({ place, onPlacePin }: { place: ResolvedPlace; onPlacePin: () => void }) {
  const { t, L, locale } = useI18n();
  const finest = place.gridId ?? place.communityId ?? place.streetId ?? place.districtId;
  const names = useUnitNames(finest);
  const message = locale === 'en' ? place.messageEn : place.message;
  return (
    <div className="place" data-testid="proposal-place" data-method={place.method}>
      <div>
        <strong data-testid="place-names">{names ?? '…'}</strong>{' '}
        <span className="muted small">
          {L(PLACE_METHOD_LABELS, place.method)}
          {place.method !== 'fallback' && ` · ${t('sug.confidence')} ${pct(place.confidence)}`}
        </span>
      </div>
      {place.method === 'fallback' ? (
        <div className="warn-box" data-testid="place-not-found">
          <p>{message}</p>
          <p>{t('sug.placePin')}</p>
          <button type="button" onClick={onPlacePin} data-testid="place-on-map">
            {t('sug.openMap')}
          </button>
        </div>
      ) : (
        message && <p className="muted small">{message}</p>
      )}
    </div>
  );
}

type DupProps = { items: DuplicateHit[]; canMerge: boolean; busy: boolean; onMerge: (d: DuplicateHit) => void };

/** Open orders that may be the same matter: opened in a new tab to compare; merging is the agent's call. */
export function Duplicates({ items, canMerge, busy, onMerge }: DupProps) {
  const { t } = useI18n();
  if (!items.length) return <p className="muted small">{t('sug.noDuplicates')}</p>;
  return (
    <ul className="dups" data-testid="duplicates">
      {items.map((d) => (
        <li key={d.id} data-testid="duplicate" data-code={d.code}>
          <div className="dup-head">
            <a href={`/console/orders/${d.id}`} target="_blank" rel="noopener" className="code" data-testid="duplicate-link">
              {d.code}
            </a>
            <StatusBadge status={d.status} />
            <span className="muted small">
              {t('sug.similarity')} {pct(d.score)} · {d.sameGrid ? t('sug.sameGrid') : d.distanceM !== null ? t('sug.distance', { m: d.distanceM }) : t('sug.sameStreet')}
            </span>
          </div>
          <div>{d.title}</div>
          {d.sharedWords.length > 0 && <div className="muted small">{t('sug.shared', { words: d.sharedWords.join('、') })}</div>}
          {canMerge && (
            <button type="button" className="small-button" disabled={busy} onClick={() => onMerge(d)} data-testid="merge-into">
              {t('sug.mergeInto')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
