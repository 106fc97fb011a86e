import { useCallback, useEffect, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Link } from '../../shared/router.ts';
import { DeptLoad, StreetRates, type WhistleStats } from './district-panel.tsx';
import { SupervisionForm, type SupervisionRecord } from './supervision-form.tsx';
import { ReportInChips } from './WhistleBoard.tsx';
import { useW } from './whistle-messages.ts';
import type { WhistleSummary } from './whistle-types.ts';
import './whistles.css';

/**
 * 区级统筹平台: every street's open whistles and what they still need (units awaiting or late),
 * each department's load across streets, the whistle rate per street, and supervision — reminders,
 * priorities for an over-summoned department, 约谈 — recorded and told to the unit.
 */
export function CoordinationPage() {
  const { w, l, locale } = useW();
  const [stats, setStats] = useState<WhistleStats | null>(null);
  const [open, setOpen] = useState<WhistleSummary[] | null>(null);
  const [records, setRecords] = useState<SupervisionRecord[]>([]);
  const [target, setTarget] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [s, o, r] = await Promise.all([
        api<WhistleStats>('/api/whistles/stats'),
        api<{ items: WhistleSummary[] }>(`/api/whistles${qs({ status: 'open', limit: 500 })}`),
        api<{ items: SupervisionRecord[] }>('/api/whistle-supervisions'),
      ]);
      setStats(s);
      setOpen(o.items);
      setRecords(r.items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (error && !stats) return <ErrorBox error={error} />;
  if (!stats || !open) return <Loading />;

  const byStreet = new Map<string, WhistleSummary[]>();
  for (const x of open) byStreet.set(x.streetName, [...(byStreet.get(x.streetName) ?? []), x]);

  return (
    <div className="order-page coordination-page" data-testid="coordination-page">
      <div className="order-head">
        <Link to="/console/whistles" className="back">← {w('board')}</Link>
        <h1>{w('coordination')}</h1>
      </div>
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      <div className="order-grid">
        <div className="order-main">
          <Card title={w('streetNeeds')} testid="street-needs">
            {byStreet.size === 0 ? <p className="muted">{w('none')}</p> : [...byStreet.entries()].map(([street, list]) => (
              <section key={street} data-testid="street-needs-group" data-street={street}>
                <h3>{street} <span className="badge">{list.length}</span></h3>
                <ul className="chips-list">
                  {list.map((x) => (
                    <li key={x.id}>
                      <Link to={`/console/whistles/${x.id}`}>{x.title}</Link> <small className="muted">{l('TYPE', x.type)} · {formatDateTime(x.createdAt, locale)}</small>
                      <ReportInChips list={x.reportIns.filter((r) => ['pending', 'late'].includes(r.status))} live />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </Card>
          <DeptLoad units={stats.units} onSupervise={setTarget} />
          <StreetRates streets={stats.streets} />
        </div>
        <aside className="order-side">
          <SupervisionForm units={stats.units} unitId={target} onUnit={setTarget} onDone={async (m) => { setNotice(m); await load(); }} />
          <Card title={w('supervisions')} testid="supervision-records">
            {records.length === 0 ? <p className="muted">{w('none')}</p> : (
              <ul className="chips-list">{records.map((r) => (
                <li key={r.id} data-testid="supervision-record" data-kind={r.kind} data-unit-name={r.unitName}>
                  <strong>{w(r.kind)}</strong> · {r.unitName}{r.whistleId ? <> · <Link to={`/console/whistles/${r.whistleId}`}>{w('whistle')} #{r.whistleId}</Link></> : null}
                  <div>{r.note}</div>
                  <small className="muted">{formatDateTime(r.createdAt, locale)} {r.by}</small>
                </li>
              ))}</ul>
            )}
          </Card>
        </aside>
      </div>
    </div>
  );
}
