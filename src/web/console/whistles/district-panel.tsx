import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox } from '../../shared/components.tsx';
import { useW } from './whistle-messages.ts';

type Stats = {
  medianRate: number;
  streets: { streetId: number; streetName: string; whistles: number; open: number; workOrders: number; rate: number | null; alert: 'low' | 'high' | null }[];
  units: { unitId: number; unitName: string; openSummons: number; streets: number; lateReportIns: number; lateNow: number; avgReportInMinutes: number | null }[];
};

/** 区级统筹平台: each street's whistle rate against the others, and each department's load across streets. */
export function DistrictPanel() {
  const { w } = useW();
  const [s, setS] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Stats>('/api/whistles/stats').then(setS, setError);
  }, []);
  if (error) return <ErrorBox error={error} />;
  if (!s) return null;
  return (
    <div className="order-grid">
      <Card title={w('load')} testid="dept-load">
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{w('unit')}</th><th>{w('openSummons')}</th><th>{w('streets')}</th><th>{w('lateReportIns')}</th><th>{w('avgMinutes')}</th></tr></thead>
            <tbody>
              {s.units.map((u) => (
                <tr key={u.unitId} data-testid="load-row" data-unit-name={u.unitName} data-late={u.lateReportIns}>
                  <td>{u.unitName}</td><td>{u.openSummons}</td><td>{u.streets}</td>
                  <td className={u.lateReportIns ? 'overdue' : ''}>{u.lateReportIns}</td><td>{u.avgReportInMinutes ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={w('rates')} testid="street-rates">
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>{w('street')}</th><th>{w('whistles')}</th><th>{w('workOrders')}</th><th>{w('rate')}</th><th /></tr></thead>
            <tbody>
              {s.streets.map((x) => (
                <tr key={x.streetId}>
                  <td>{x.streetName}</td><td>{x.whistles}</td><td>{x.workOrders}</td><td>{x.rate ?? '—'}</td>
                  <td>{x.alert && <span className="badge overdue" data-testid="rate-alert">{w(x.alert === 'low' ? 'alertLow' : 'alertHigh')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
