import { useEffect, useState } from 'react';
import { Card } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import type { BoardWhistle, Ranked, Rates, Summary } from './summary-types.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Delta({ now, before, points }: { now: number; before: number; points?: boolean }) {
  const d = points ? now - before : (now - before) * 100;
  if (Math.abs(d) < 0.05) return <span className="cc-delta">±0</span>;
  return <span className={`cc-delta ${d > 0 ? 'up' : 'down'}`}>{d > 0 ? '▲' : '▼'} {Math.abs(d).toFixed(1)}</span>;
}

/** 三率 this period, each with its change against the period before (percentage points). */
export function RatesCard({ s }: { s: Summary }) {
  const { t } = useI18n();
  const { current: c, previous: p } = s.rates;
  const rows: [string, keyof Rates, boolean][] = [
    [t('cc.rateResponse'), 'responseRate', false],
    [t('cc.rateResolution'), 'resolutionRate', false],
    [t('cc.rateSatisfaction'), 'satisfactionRate', false],
    [t('cc.rateComposite'), 'compositeScore', true],
  ];
  return (
    <Card title={t('cc.rates', { period: s.rates.period })} testid="cc-rates">
      {c.validCallbacks === 0 ? (
        <p className="empty">{t('cc.rateNone')}</p>
      ) : (
        <div className="tiles cc-rates">
          {rows.map(([label, k, points]) => (
            <div key={k} className="tile small" data-testid={`cc-rate-${k}`}>
              <span className="tile-n">{points ? c[k].toFixed(1) : pct(c[k])}</span>
              <span>
                {label} {p.validCallbacks > 0 && <Delta now={c[k]} before={p[k]} points={points} />}
              </span>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

export function RankingCard({ s }: { s: Summary }) {
  const { t, locale } = useI18n();
  const r = s.ranking;
  const row = (x: Ranked) => (
    <li key={x.unitId} className={x.lagging ? 'cc-lagging' : undefined} data-testid="cc-rank-row">
      <span className="cc-rank">{x.rank}</span> {locale === 'en' ? (x.nameEn ?? x.name) : x.name} <span className="muted">{x.compositeScore.toFixed(1)}</span>
      {x.rankChange ? <span className={`cc-delta ${x.rankChange > 0 ? 'up' : 'down'}`}> {x.rankChange > 0 ? '▲' : '▼'}{Math.abs(x.rankChange)}</span> : null}
    </li>
  );
  return (
    <Card title={t('cc.ranking', { period: r.period })} testid="cc-ranking">
      {r.total === 0 ? (
        <p className="empty">{t('cc.rankingNone')}</p>
      ) : (
        <>
          {r.own && <p data-testid="cc-rank-own">{t('cc.rankingOwn', { rank: r.own.rank, total: r.total })}</p>}
          <div className="cc-rank-cols">
            <div>
              <h3 className="small muted">{t('cc.rankingTop')}</h3>
              <ol className="cc-rank-list">{r.top.map(row)}</ol>
            </div>
            {r.bottom.length > 0 && (
              <div>
                <h3 className="small muted">{t('cc.rankingBottom')}</h3>
                <ol className="cc-rank-list">{r.bottom.map(row)}</ol>
              </div>
            )}
          </div>
        </>
      )}
    </Card>
  );
}

/** The clock of the countdowns: one tick a second while a board shows a deadline. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export function countdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function WhistlesCard({ whistles, skew }: { whistles: BoardWhistle[]; skew: number }) {
  const { t } = useI18n();
  const now = useNow(whistles.some((w) => w.dueAt)) + skew;
  return (
    <Card title={t('cc.whistles', { n: whistles.length })} testid="cc-whistles">
      {whistles.length === 0 ? (
        <p className="empty">{t('cc.noWhistles')}</p>
      ) : (
        <ul className="cc-whistle-list">
          {whistles.map((w) => {
            const left = w.dueAt ? Date.parse(w.dueAt) - now : null;
            const late = w.late || (left !== null && left <= 0);
            return (
              <li key={w.id} data-testid="cc-whistle-row">
                <a href={`/console/whistles/${w.id}`}>{w.title}</a> <span className="muted small">{w.streetName}</span>{' '}
                {left !== null && (
                  <span className={`badge ${late ? 'overdue' : ''}`} data-testid="cc-whistle-countdown">
                    {late ? t('cc.whistleLate') : t('cc.whistleDue', { left: countdown(left) })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
