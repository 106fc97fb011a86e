import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import type { LocationValue } from '../../shared/location-select.tsx';
import type { TextPlace, TextPlaceCandidate } from '../../shared/routing-types.ts';

/** The location fields a place named in the text fills in; the address the agent typed stays. */
export function locationOf(c: TextPlaceCandidate, loc: LocationValue): LocationValue {
  return {
    address: loc.address,
    streetId: c.chain.street?.id,
    communityId: c.chain.community?.id,
    gridId: c.chain.grid?.id,
    ...(c.lon !== null && c.lat !== null ? { lon: c.lon, lat: c.lat } : {}),
  };
}

const inUse = (c: TextPlaceCandidate, loc: LocationValue) =>
  loc.streetId === c.chain.street?.id && loc.communityId === c.chain.community?.id && loc.gridId === c.chain.grid?.id;

function Candidate({ c, loc, onAdopt, label, testid }: { c: TextPlaceCandidate; loc: LocationValue; onAdopt: (v: LocationValue) => void; label: string; testid: string }) {
  const { t } = useI18n();
  const where = [c.chain.street?.name, c.chain.community?.name].filter((n) => n && n !== c.name).join(' / ');
  const used = inUse(c, loc);
  return (
    <li data-testid={testid} data-unit={c.unitId}>
      <strong>{c.name}</strong> <span className="muted small">{t(`tp.kind.${c.kind}` as MsgKey)}{where && ` · ${where}`}</span>{' '}
      <button type="button" className="small-button" disabled={used} onClick={() => onAdopt(locationOf(c, loc))} data-testid={`${testid}-adopt`}>
        {used ? t('tp.adopted') : label}
      </button>
    </li>
  );
}

/**
 * A place the request names, offered to the agent: nothing is set until they click. Names found in
 * two streets list every reading and apply none.
 */
export function TextPlaceProposal({ tp, loc, onAdopt }: { tp: TextPlace | undefined; loc: LocationValue; onAdopt: (v: LocationValue) => void }) {
  const { t } = useI18n();
  if (!tp || tp.status === 'none') return null;
  const given = loc.streetId ?? loc.communityId ?? loc.gridId ?? loc.lon ?? (loc.address.trim() || undefined);
  return (
    <div className="text-place" data-testid="text-place" data-status={tp.status}>
      <h4>{t('tp.title')}</h4>
      {tp.status === 'found' ? (
        <>
          <p className="small">{t('tp.found', { name: tp.place.name })}</p>
          <ul>
            <Candidate c={tp.place} loc={loc} onAdopt={onAdopt} label={t('tp.adopt')} testid="text-place-proposal" />
          </ul>
          {given === undefined && <p className="muted small">{t('tp.appliedIfNone')}</p>}
        </>
      ) : (
        <>
          <p className="small warn-box">{t('tp.ambiguous')}</p>
          <ul>
            {tp.mentions.flatMap((m) => m.candidates).map((c) => (
              <Candidate key={`${c.unitId}-${c.name}`} c={c} loc={loc} onAdopt={onAdopt} label={t('tp.useThis')} testid="text-place-candidate" />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
