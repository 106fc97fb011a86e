import { useCallback, useEffect, useState } from 'react';
import { TableBox } from '../../shared/table-box.tsx';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Link } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import { Countdown } from './countdown.tsx';
import { DistrictPanel } from './district-panel.tsx';
import { useW } from './whistle-messages.ts';
import type { ReportIn, WhistleSummary } from './whistle-types.ts';

/** Open whistles with a countdown to each report-in: per street for a street, across streets for the district, my summons for a department. */
export function WhistleBoard({ me }: { me: Me }) {
  const { w, l, locale } = useW();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [items, setItems] = useState<WhistleSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const dept = hasRole(me, 'department_staff') && !hasRole(me, 'street_staff', 'district_supervisor', 'admin');
  const district = hasRole(me, 'district_supervisor', 'admin', 'hotline_supervisor');

  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: WhistleSummary[] }>(`/api/whistles${qs({ status, summoned: dept ? 'mine' : undefined })}`)).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [status, dept]);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 15_000);
    return () => clearInterval(t);
  }, [load]);

  return (
    <div className="whistle-board" data-testid="whistle-board">
      <div className="order-head">
        <h1>{district ? w('boardDistrict') : dept ? w('boardDept') : w('board')}</h1>
        <div className="badges">
          {(['open', 'closed'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)} data-testid={`board-${s}`}>
              {s === 'open' ? w('open') : w('closedList')}
            </button>
          ))}
          {hasRole(me, 'street_staff') && <Link to="/console/whistles/stationed" className="button" data-testid="open-stationed">{w('stationedRegister')}</Link>}
          {hasRole(me, 'street_staff') && <Link to="/console/whistles/new" className="button primary" data-testid="blow-new">{w('blow')}</Link>}
        </div>
      </div>
      <ErrorBox error={error} />
      {!items ? <Loading /> : (
        <Card>
          {items.length === 0 ? <p className="muted">{w('none')}</p> : (
            <TableBox label={w('board')}>
              <table className="table">
                <thead><tr><th>{w('title')}</th><th>{w('type')}</th><th>{w('street')}</th><th>{w('status')}</th><th>{w('reportIns')}</th></tr></thead>
                <tbody>
                  {items.map((x) => (
                    <tr key={x.id} data-testid="board-row" data-whistle={x.id}>
                      <td><Link to={`/console/whistles/${x.id}`}>{x.title}</Link><br /><small className="muted">{formatDateTime(x.createdAt, locale)}</small></td>
                      <td>{l('TYPE', x.type)}</td>
                      <td>{x.streetName}</td>
                      <td>{l('STATUS', x.status)}</td>
                      <td><ReportInChips list={x.reportIns} live={x.status !== 'closed'} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          )}
        </Card>
      )}
      {district && <DistrictPanel />}
    </div>
  );
}

export function ReportInChips({ list, live }: { list: ReportIn[]; live: boolean }) {
  const { l, w } = useW();
  return (
    <ul className="chips-list">
      {list.map((r) => (
        <li key={r.id} data-testid="report-in-chip" data-unit={r.unitCode} data-status={r.status} data-late={r.late ? 'yes' : 'no'}>
          <strong>{r.unitName}</strong> <span className={`badge ${r.status === 'late' || r.late ? 'overdue' : ''}`}>{l('STATUS', r.status)}</span>
          {r.late && r.status !== 'late' && <span className="badge overdue">{r.lateMinutes ? w('lateBy', { m: r.lateMinutes }) : w('overdue')}</span>}
          {live && r.status === 'pending' && <> <Countdown to={r.dueAt} /></>}
        </li>
      ))}
    </ul>
  );
}
