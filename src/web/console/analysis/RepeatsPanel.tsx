import { useState } from 'react';
import type { RepeatsBody } from '../../../server/modules/analysis/analysis-schemas.ts';
import { ErrorBox, Loading, StatusBadge } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';
import { toQs, type AnalysisQuery } from './analysis-query.ts';
import { useJson } from './use-json.ts';

/** Repeated requests as lists a street acts on: where or who, the matter, and each order. */
export function RepeatsPanel({ query }: { query: AnalysisQuery }) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<'place' | 'requester'>('place');
  const [windowDays, setWindowDays] = useState(30);
  const { data, error } = useJson<RepeatsBody>(`/api/analysis/repeats${toQs({ ...query, kind, windowDays } as AnalysisQuery)}`);

  return (
    <div data-testid="analysis-repeats">
      <div className="an-controls">
        <label>
          <input type="radio" name="repeat-kind" checked={kind === 'place'} onChange={() => setKind('place')} /> {t('an.repeatPlace')}
        </label>
        <label>
          <input type="radio" name="repeat-kind" checked={kind === 'requester'} onChange={() => setKind('requester')} data-testid="repeat-requester" /> {t('an.repeatRequester')}
        </label>
        <label>
          {t('an.repeatWindow')}{' '}
          <input type="number" min={1} max={365} value={windowDays} onChange={(e) => setWindowDays(Math.min(365, Math.max(1, Number(e.target.value) || 30)))} style={{ width: 72 }} />
        </label>
      </div>
      <ErrorBox error={error} />
      {data?.partial && data.partialReason && (
        <p className="warn-box" role="status" data-testid="repeats-partial">
          {t(`an.repeatsPartial.${data.partialReason}`)}
        </p>
      )}
      {!data ? (
        !error && <Loading />
      ) : data.groups.length === 0 ? (
        <p className="empty">{t('an.noRepeats')}</p>
      ) : (
        data.groups.map((g) => (
          // one place can hold several groups (other matters, other months): its newest order tells them apart
          <section key={`${g.key}:${g.orders[g.orders.length - 1]?.id}`} className="an-repeat" data-testid="repeat-group">
            <h3>
              {kind === 'place' ? [g.place.streetName, g.place.communityName, g.place.gridName ?? g.place.address].filter(Boolean).join(' · ') : g.requesterPhone}
              {g.categoryName && <span className="muted"> · {g.categoryName}</span>}
            </h3>
            <p className="muted small">
              {t('an.repeatGroup', { n: g.size, first: formatDate(g.first, locale), last: formatDate(g.last, locale) })}
              {g.terms.length > 0 && ` · ${t('an.terms')}：${g.terms.join('、')}`}
            </p>
            <ul>
              {g.orders.map((o) => (
                <li key={o.id}>
                  <Link to={`/console/orders/${o.id}`}>{o.code}</Link> {o.title} <StatusBadge status={o.status} /> <span className="muted small">{formatDate(String(o.receivedAt), locale)}</span>
                </li>
              ))}
            </ul>
            {g.orders.length < g.size && <p className="muted small">{t('an.repeatShown', { shown: g.orders.length, n: g.size })}</p>}
          </section>
        ))
      )}
    </div>
  );
}
