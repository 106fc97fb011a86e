import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { TableBox } from '../../shared/table-box.tsx';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading, Notice } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Link } from '../../shared/router.ts';
import type { Me, Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { useW } from './whistle-messages.ts';
import type { StationedStaff } from './whistle-types.ts';
import './whistles.css';

/** 派驻人员名册: the staff departments keep at the street's joint enforcement centre; the street adds and removes them. */
export function StationedPage({ me }: { me: Me }) {
  const { w, locale } = useW();
  const streets = me.grants.filter((g) => g.role === 'street_staff' && g.unitId !== null);
  const [streetId, setStreetId] = useState<number | null>(streets[0]?.unitId ?? null);
  const [items, setItems] = useState<StationedStaff[] | null>(null);
  const [dept, setDept] = useState<Unit[]>([]);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!streetId) return;
    try {
      setItems((await api<{ items: StationedStaff[] }>(`/api/streets/${streetId}/stationed-staff`)).items);
    } catch (e) {
      setError(e);
    }
  }, [streetId]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setNotice(await fn());
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api(`/api/streets/${streetId}/stationed-staff`, { body: { departmentId: dept[0]?.id, name, phone: phone || undefined } });
      setName('');
      setPhone('');
      setDept([]);
      return w('registered', { n: name });
    });
  };

  return (
    <div className="order-page stationed-page" data-testid="stationed-page">
      <div className="order-head">
        <Link to="/console/whistles" className="back">← {w('board')}</Link>
        <h1>{w('stationedRegister')}</h1>
      </div>
      <p className="muted">{w('stationedHint')}</p>
      {streets.length > 1 && (
        <Field label={w('street')}>
          <select value={streetId ?? ''} onChange={(e) => setStreetId(Number(e.target.value))} data-testid="stationed-street">
            {streets.map((g) => <option key={g.unitId} value={g.unitId!}>{g.unitName ?? g.unitId}</option>)}
          </select>
        </Field>
      )}
      {notice && <Notice>{notice}</Notice>}
      <ErrorBox error={error} />
      <div className="order-grid">
        <div className="order-main">
          <Card title={w('stationed')} testid="stationed-list">
            {!items ? <Loading /> : items.length === 0 ? <p className="muted">{w('none')}</p> : (
              <TableBox label={w('stationed')}>
                <table className="table">
                  <thead><tr><th>{w('name')}</th><th>{w('department')}</th><th>{w('phone')}</th><th>{w('at')}</th><th /></tr></thead>
                  <tbody>{items.map((x) => (
                    <tr key={x.id} data-testid="stationed-row" data-name={x.name}>
                      <td>{x.name}</td><td>{x.departmentName}</td><td>{x.phone ?? '—'}</td><td>{formatDateTime(x.createdAt, locale)}</td>
                      <td><button type="button" disabled={busy} data-testid="stationed-remove" aria-label={`${w('remove')} ${x.name}`}
                        onClick={() => void run(async () => {
                          await api(`/api/streets/${streetId}/stationed-staff/${x.id}`, { method: 'DELETE' });
                          return w('removed', { n: x.name });
                        })}>{w('remove')}</button></td>
                    </tr>
                  ))}</tbody>
                </table>
              </TableBox>
            )}
          </Card>
        </div>
        <aside className="order-side">
          <Card title={w('add')}>
            <form onSubmit={add} data-testid="stationed-form">
              <UnitPicker label={w('department')} kinds={['department']} value={dept} onChange={setDept} required testid="stationed-dept" />
              <Field label={w('name')} required><input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} data-testid="stationed-name" /></Field>
              <Field label={w('phone')}><input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" maxLength={30} data-testid="stationed-phone" /></Field>
              <button type="submit" className="primary" disabled={busy || !dept.length || !streetId} data-testid="stationed-submit">{w('add')}</button>
            </form>
          </Card>
        </aside>
      </div>
    </div>
  );
}
