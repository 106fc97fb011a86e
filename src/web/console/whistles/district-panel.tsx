import { useEffect, useState } from 'react';
import { TableBox } from '../../shared/table-box.tsx';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox } from '../../shared/components.tsx';
import { Link } from '../../shared/router.ts';
import { useW } from './whistle-messages.ts';

export type WhistleStats = {
  medianRate: number;
  streets: { streetId: number; streetName: string; whistles: number; open: number; workOrders: number; rate: number | null; alert: 'low' | 'high' | null }[];
  units: {
    unitId: number; unitName: string; openSummons: number; streets: number; lateReportIns: number; lateNow: number; avgReportInMinutes: number | null;
    supervisions: number; priority: string | null; overSummoned: boolean;
  }[];
};

/** 区级统筹平台 on the board: each street's whistle rate against the others, and each department's load across streets. */
export function DistrictPanel() {
  const { w } = useW();
  const [s, setS] = useState<WhistleStats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<WhistleStats>('/api/whistles/stats').then(setS, setError);
  }, []);
  if (error) return <ErrorBox error={error} />;
  if (!s) return null;
  return (
    <>
      <p><Link to="/console/whistles/coordination" className="button" data-testid="open-coordination">{w('coordination')} →</Link></p>
      <div className="order-grid">
        <DeptLoad units={s.units} />
        <StreetRates streets={s.streets} />
      </div>
    </>
  );
}

/** Each department's load across streets; with `onSupervise`, a button per row opens the supervision form for it. */
export function DeptLoad({ units, onSupervise }: { units: WhistleStats['units']; onSupervise?: (unitId: number) => void }) {
  const { w } = useW();
  return (
    <Card title={w('load')} testid="dept-load">
      <TableBox label={w('load')}>
        <table className="table">
          <thead><tr><th>{w('unit')}</th><th>{w('openSummons')}</th><th>{w('streets')}</th><th>{w('lateReportIns')}</th><th>{w('avgMinutes')}</th>{onSupervise && <th>{w('supervise')}</th>}</tr></thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.unitId} data-testid="load-row" data-unit-name={u.unitName} data-late={u.lateReportIns}>
                <td>{u.unitName}
                  {u.overSummoned && <> <span className="badge overdue" data-testid="over-summoned">{w('overSummoned')}</span></>}
                  {u.priority && <small className="muted"><br />{w('priority')}：{u.priority}</small>}
                </td>
                <td>{u.openSummons}</td><td>{u.streets}</td>
                <td className={u.lateReportIns ? 'overdue' : ''}>{u.lateReportIns}</td><td>{u.avgReportInMinutes ?? '—'}</td>
                {onSupervise && <td><button type="button" onClick={() => onSupervise(u.unitId)} data-testid="load-supervise" aria-label={`${w('supervise')} ${u.unitName}`}>{w('supervise')}</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </Card>
  );
}

/** Whistles per 1,000 work orders per street, with an alert where a street is far below or above the others. */
export function StreetRates({ streets }: { streets: WhistleStats['streets'] }) {
  const { w } = useW();
  return (
    <Card title={w('rates')} testid="street-rates">
      <TableBox label={w('rates')}>
        <table className="table">
          <thead><tr><th>{w('street')}</th><th>{w('whistles')}</th><th>{w('workOrders')}</th><th>{w('rate')}</th><th /></tr></thead>
          <tbody>
            {streets.map((x) => (
              <tr key={x.streetId} data-testid="rate-row" data-street={x.streetName}>
                <td>{x.streetName}</td><td>{x.whistles}</td><td>{x.workOrders}</td><td>{x.rate ?? '—'}</td>
                <td>{x.alert && <span className="badge overdue" data-testid="rate-alert">{w(x.alert === 'low' ? 'alertLow' : 'alertHigh')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
    </Card>
  );
}
