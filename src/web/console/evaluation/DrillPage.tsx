import { useState, type FormEvent } from 'react';
import { SATISFACTION_LABELS } from '../../../shared/labels.ts';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading, StatusBadge } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import type { Me } from '../../shared/types.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { num } from './ev-common.tsx';

const FILTERS = ['all', 'contacted', 'not_contacted', 'solved', 'not_solved', 'satisfied', 'basically_satisfied', 'dissatisfied', 'appealed'];
type Row = { orderId: number; code: string; title: string; status: string; callbackId: number; round: number; calledBackAt: string; weight: number; contacted: boolean; solved: boolean; satisfaction: string; appealId: number | null };
type PageT = { items: Row[]; total: number; next: string | null };

/** The orders and callbacks behind one of a unit's figures, with exports and an appeal per callback. */
export function DrillPage({ me, unitId, period, filter }: { me: Me; unitId: number; period: string; filter: string }) {
  const { t, L, locale } = useI18n();
  const [more, setMore] = useState<Row[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [appealing, setAppealing] = useState<number | null>(null);
  const key = `${unitId}|${period}|${filter}`;
  const page = useLoad(async () => {
    const p = await api<PageT>(`/api/evaluation/drilldown${qs({ unitId, period, filter })}`);
    setMore([]);
    setNext(p.next);
    return p;
  }, key);
  const loadMore = async () => {
    const p = await api<PageT>(`/api/evaluation/drilldown${qs({ unitId, period, filter, after: next })}`);
    setMore((m) => [...m, ...p.items]);
    setNext(p.next);
  };
  const canAppeal = me.grants.some((g) => g.unitId === unitId && ['street_staff', 'department_staff', 'district_supervisor'].includes(g.role));
  const rows = [...(page.data?.items ?? []), ...more];
  const yes = (b: boolean) => (b ? t('ev.yes') : t('ev.no'));
  return (
    <div data-testid="drill-page">
      <h1>{t('ev.drill')}</h1>
      <div className="ev-toolbar">
        <Link to={`/console/evaluation/units/${unitId}${qs({ period })}`}>{t('ev.openCard')}</Link>
        <span>{period}</span>
        <select value={filter} onChange={(e) => navigate(`/console/evaluation/drill${qs({ unitId, period, filter: e.target.value })}`)} aria-label={t('ev.filter')} data-testid="drill-filter">
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`ev.f.${f}` as MsgKey)}
            </option>
          ))}
        </select>
        <a className="button" href={`/api/evaluation/drilldown/export${qs({ unitId, period, filter, format: 'xlsx' })}`} data-testid="drill-export-xlsx" download>
          {t('ev.exportXlsx')}
        </a>
        <a className="button" href={`/api/evaluation/drilldown/export${qs({ unitId, period, filter, format: 'csv' })}`} data-testid="drill-export-csv" download>
          {t('ev.exportCsv')}
        </a>
      </div>
      <ErrorBox error={page.error} />
      {!page.data && !page.error && <Loading />}
      {page.data && (
        <Card title={t('ev.total', { n: page.data.total })} testid="drill">
          <div className="table-wrap">
            <table className="table compact" data-testid="drill-table">
              <thead>
                <tr>
                  <th>{t('ev.code')}</th>
                  <th>{t('ev.title')}</th>
                  <th>{t('ev.status')}</th>
                  <th>{t('ev.round')}</th>
                  <th>{t('ev.calledBackAt')}</th>
                  <th>{t('ev.weight')}</th>
                  <th>{t('ev.contacted')}</th>
                  <th>{t('ev.solved')}</th>
                  <th>{t('ev.satisfactionRate')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.orderId}-${r.callbackId}`} data-testid={`drill-row-${r.orderId}`}>
                    <td>
                      <Link to={`/console/orders/${r.orderId}`}>{r.code}</Link>
                    </td>
                    <td>{r.title}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>{r.round}</td>
                    <td>{formatDateTime(r.calledBackAt, locale)}</td>
                    <td>{num(r.weight)}</td>
                    <td>{yes(r.contacted)}</td>
                    <td>{yes(r.solved)}</td>
                    <td>
                      {L(SATISFACTION_LABELS, r.satisfaction)}
                      {r.appealId && <span className="badge">{t('ev.f.appealed')}</span>}
                    </td>
                    <td>
                      {canAppeal && (
                        <button type="button" className="link-button" onClick={() => setAppealing(r.callbackId)} data-testid="drill-appeal">
                          {t('ev.appeal')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {next && (
            <button type="button" onClick={loadMore} data-testid="drill-more">
              {t('ev.more')}
            </button>
          )}
        </Card>
      )}
      {appealing !== null && <AppealForm callbackId={appealing} unitId={unitId} onDone={() => setAppealing(null)} />}
    </div>
  );
}

function AppealForm({ callbackId, unitId, onDone }: { callbackId: number; unitId: number; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'invalidate' | 'correct'>('invalidate');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const corrected = outcome === 'correct' ? { contacted: true, solved: true, satisfaction: 'satisfied' } : undefined;
      await api('/api/evaluation/appeals', { body: { callbackId, unitId, reason, outcome, corrected } });
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title={t('ev.appeal')} testid="appeal-form">
      {done ? (
        <p className="notice">
          {t('ev.appealFiled')}{' '}
          <button type="button" className="link-button" onClick={onDone}>
            OK
          </button>
        </p>
      ) : (
        <form onSubmit={submit}>
          <ErrorBox error={error} />
          <label>
            {t('ev.outcome')}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value as 'invalidate' | 'correct')}>
              <option value="invalidate">{t('ev.outcome.invalidate')}</option>
              <option value="correct">{t('ev.outcome.correct')}</option>
            </select>
          </label>
          <label>
            {t('ev.appealReason')}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={2} data-testid="appeal-reason" />
          </label>
          <button type="submit" className="primary" data-testid="appeal-submit">
            {t('ev.submit')}
          </button>
        </form>
      )}
    </Card>
  );
}
