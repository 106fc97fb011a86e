import { useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { RankingView } from '../../../server/modules/evaluation/evaluation-schemas.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { currentMonth, num, PeriodInput, pct, RankChange } from './ev-common.tsx';

const GROUPS = ['districts', 'streets', 'departments', 'enterprises'] as const;
type Published = { id: number; version: number; reason: string | null; publishedAt: string; diff: { unitId: number; name: string; field: string; before: unknown; after: unknown }[] };

/** Monthly rankings per group: minimum volume, rank change, lagging units; exports and publication. */
export function RankingsPage({ me, initialGroup, initialPeriod }: { me: Me; initialGroup: string | null; initialPeriod: string | null }) {
  const { t, locale } = useI18n();
  const [group, setGroup] = useState<string>(GROUPS.includes(initialGroup as never) ? initialGroup! : 'streets');
  const [period, setPeriod] = useState(initialPeriod ?? currentMonth());
  const key = `${group}|${period}`;
  const ranking = useLoad(() => api<RankingView>(`/api/evaluation/rankings${qs({ group, period })}`), key);
  const published = useLoad(() => api<{ items: Published[] }>(`/api/evaluation/rankings/published${qs({ group, period })}`).then((r) => r.items), key);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = (g: string, p: string) => {
    setGroup(g);
    setPeriod(p);
    navigate(`/console/evaluation${qs({ group: g, period: p })}`, { replace: true });
  };
  const publish = async () => {
    setBusy(true);
    try {
      await api('/api/evaluation/rankings/publish', { body: { group, period } });
      await published.reload();
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const r = ranking.data;
  return (
    <div data-testid="rankings-page">
      <h1>{t('ev.rankings')}</h1>
      <div className="ev-toolbar">
        <select value={group} onChange={(e) => go(e.target.value, period)} aria-label={t('ev.kind')} data-testid="ev-group">
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`ev.group.${g}` as MsgKey)}
            </option>
          ))}
        </select>
        <PeriodInput value={period} onChange={(p) => go(group, p)} />
        <a className="button" href={`/api/evaluation/rankings/export${qs({ group, period, format: 'xlsx' })}`} data-testid="ev-export-xlsx" download>
          {t('ev.exportXlsx')}
        </a>
        <a className="button" href={`/api/evaluation/rankings/export${qs({ group, period, format: 'csv' })}`} data-testid="ev-export-csv" download>
          {t('ev.exportCsv')}
        </a>
        {hasRole(me, 'hotline_supervisor', 'admin') && (
          <button type="button" className="primary" disabled={busy} onClick={publish} data-testid="ev-publish">
            {t('ev.publish')}
          </button>
        )}
      </div>
      <ErrorBox error={ranking.error ?? error} />
      {!r && !ranking.error && <Loading />}
      {r && (
        <Card title={t(`ev.group.${group}` as MsgKey)} testid="ranking">
          <p className="small muted">
            {t('ev.minimumVolume', { n: r.minimumVolume, v: r.policyVersion })} {t('ev.def.composite')}
          </p>
          <div className="table-wrap">
            <table className="table compact" data-testid="ranking-table">
              <thead>
                <tr>
                  <th>{t('ev.rank')}</th>
                  <th>{t('ev.unit')}</th>
                  <th>{t('ev.composite')}</th>
                  <th>{t('ev.responseRate')}</th>
                  <th>{t('ev.resolutionRate')}</th>
                  <th>{t('ev.satisfactionRate')}</th>
                  <th>{t('ev.validCallbacks')}</th>
                  <th>{t('ev.rankChange')}</th>
                </tr>
              </thead>
              <tbody>
                {r.items.map((i) => (
                  <tr key={i.unitId} className={i.lagging ? 'ev-row-lagging' : undefined} data-testid={`rank-row-${i.unitId}`}>
                    <td data-testid="rank">{i.rank ?? <span className="muted">{t('ev.unranked')}</span>}</td>
                    <td>
                      <Link to={`/console/evaluation/units/${i.unitId}${qs({ period })}`} data-testid="rank-unit">
                        {locale === 'en' && i.nameEn ? i.nameEn : i.name}
                      </Link>{' '}
                      {i.lagging && <span className="badge ev-lagging">{t('ev.lagging')}</span>}
                    </td>
                    <td data-testid="rank-composite">{i.compositeScore.toFixed(2)}</td>
                    <td>{pct(i.responseRate)}</td>
                    <td>{pct(i.resolutionRate)}</td>
                    <td>{pct(i.satisfactionRate)}</td>
                    <td data-testid="rank-n">{num(i.validCallbacks)}</td>
                    <td>
                      <RankChange v={i.rankChange} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      {published.data && published.data.length > 0 && (
        <Card title={t('ev.published')} testid="published">
          <ul>
            {published.data.map((p) => (
              <li key={p.id} data-testid={`published-${p.version}`}>
                {t('ev.publishedV', { v: p.version, at: formatDateTime(p.publishedAt, locale) })} {p.reason ? `· ${p.reason}` : ''}{' '}
                {p.version > 1 && (
                  <span className="small">
                    {t('ev.diff', { n: p.diff.length })}
                    {p.diff.slice(0, 10).map((d) => ` · ${d.name} ${d.field}: ${String(d.before)} → ${String(d.after)}`)}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
