import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { navigate, useLocation } from '../../shared/router.ts';
import type { Me, OrderDetail, Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { readAttachments } from '../../shared/attachments.ts';
import { PhotoInput } from '../../shared/photo-input.tsx';
import { TABLES, useW } from './whistle-messages.ts';
import type { StationedStaff } from './whistle-types.ts';

type Proposal = { units: { unitId: number; code: string; name: string; reasons: { zh: string; en: string }[] }[]; streetActsItself: { zh: string; en: string }[] };

/** 吹哨 in a few clicks: from an order the street, text and proposal are filled in; the street ticks or adds units. */
export function BlowWhistlePage({ me }: { me: Me }) {
  const { w, l, locale } = useW();
  const { query } = useLocation();
  const orderId = Number(query.get('order')) || null;
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [f, setF] = useState({ type: 'emergency', trigger: 'emergency', title: '', description: '', place: '', scope: '', scopeReason: '' });
  const [streetId, setStreetId] = useState<number | null>(me.grants.find((g) => g.role === 'street_staff')?.unitId ?? null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [extra, setExtra] = useState<Unit[]>([]);
  const [register, setRegister] = useState<StationedStaff[]>([]);
  const [dispatched, setDispatched] = useState<Set<number>>(new Set());
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!orderId) return;
    api<OrderDetail>(`/api/work-orders/${orderId}`).then((o) => {
      setOrder(o);
      setF((x) => ({ ...x, title: o.title, description: o.text ?? '', place: o.location.address ?? '' }));
      if (o.location.street?.id) setStreetId(o.location.street.id);
    }, setError);
  }, [orderId]);

  useEffect(() => {
    if (!streetId) return;
    api<Proposal>('/api/whistles/proposal', { body: { streetId, workOrderIds: orderId ? [orderId] : [] } }).then((p) => {
      setProposal(p);
      setPicked(new Set(p.units.map((u) => u.unitId)));
    }, setError);
  }, [streetId, orderId]);

  // Stationed staff are the street's own to dispatch on a routine whistle; a community's staff do not keep the register.
  useEffect(() => {
    if (!streetId || f.type !== 'routine') return;
    api<{ items: StationedStaff[] }>(`/api/streets/${streetId}/stationed-staff`).then((r) => setRegister(r.items), () => setRegister([]));
  }, [streetId, f.type]);

  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: number }>('/api/whistles', {
        body: {
          type: f.type, trigger: f.trigger, title: f.title, description: f.description, streetId, place: f.place || undefined,
          scope: f.scope || undefined, scopeReason: f.scopeReason || undefined, workOrderIds: orderId ? [orderId] : [],
          summonedUnitIds: [...new Set([...picked, ...extra.map((u) => u.id)])],
          stationedStaffIds: f.type === 'routine' ? [...dispatched] : [],
          photos: photos.length ? await readAttachments(photos, locale) : [],
          lon: order?.location.lon ?? undefined, lat: order?.location.lat ?? undefined,
        },
      });
      navigate(`/console/whistles/${r.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (orderId && !order && !error) return <Loading />;
  const opts = (t: keyof typeof TABLES) => Object.keys(TABLES[t]).map((k) => <option key={k} value={k}>{l(t, k)}</option>);

  return (
    <form className="order-page" onSubmit={submit} data-testid="blow-form">
      <h1>{w('blow')}{order && <small className="muted"> · {order.code}</small>}</h1>
      <div className="order-grid">
        <div className="order-main">
          <Card>
            <div className="row">
              <Field label={w('type')} required><select value={f.type} onChange={set('type')} data-testid="blow-type">{opts('TYPE')}</select></Field>
              <Field label={w('trigger')} required><select value={f.trigger} onChange={set('trigger')} data-testid="blow-trigger">{opts('TRIGGER')}</select></Field>
              <Field label={w('scope')}><select value={f.scope} onChange={set('scope')} data-testid="blow-scope"><option value="">—</option>{opts('SCOPE')}</select></Field>
            </div>
            <Field label={w('scopeReason')}><input value={f.scopeReason} onChange={set('scopeReason')} data-testid="blow-scope-reason" /></Field>
            <Field label={w('title')} required><input value={f.title} onChange={set('title')} required data-testid="blow-title" /></Field>
            <Field label={w('description')} required><textarea value={f.description} onChange={set('description')} required rows={4} data-testid="blow-description" /></Field>
            <Field label={w('place')}><input value={f.place} onChange={set('place')} data-testid="blow-place" /></Field>
            <PhotoInput label={w('photos')} files={photos} onChange={setPhotos} testid="blow-photos" accept="image/*" camera />
          </Card>
        </div>
        <aside className="order-side">
          <Card title={w('proposal')} testid="blow-proposal">
            {!proposal ? <Loading /> : (
              <>
                {proposal.units.length === 0 && <p className="muted">{w('none')}</p>}
                {proposal.units.map((u) => (
                  <label key={u.unitId} className="check" data-testid="blow-proposed">
                    <input type="checkbox" checked={picked.has(u.unitId)} onChange={(e) => {
                      const n = new Set(picked);
                      if (e.target.checked) n.add(u.unitId); else n.delete(u.unitId);
                      setPicked(n);
                    }} /> {u.name}
                    <small className="muted"> {u.reasons.map((r) => (locale === 'en' ? r.en : r.zh)).join('；')}</small>
                  </label>
                ))}
                {proposal.streetActsItself.map((s, i) => <p key={i} className="notice" data-testid="blow-self-power">{w('selfPower')}：{locale === 'en' ? s.en : s.zh}</p>)}
              </>
            )}
            {f.type === 'routine' && register.length > 0 && (
              <fieldset className="stationed-pick" data-testid="blow-stationed">
                <legend>{w('dispatchStationed')}</legend>
                {register.map((x) => (
                  <label key={x.id} className="check">
                    <input type="checkbox" checked={dispatched.has(x.id)} data-testid="blow-stationed-person" data-name={x.name} onChange={(e) => {
                      const n = new Set(dispatched);
                      if (e.target.checked) n.add(x.id); else n.delete(x.id);
                      setDispatched(n);
                    }} /> {x.name} <small className="muted">{x.departmentName}</small>
                  </label>
                ))}
              </fieldset>
            )}
            <UnitPicker label={w('addUnits')} kinds={['department', 'enterprise', 'district']} value={extra} onChange={setExtra} multiple testid="blow-units" />
          </Card>
          <ErrorBox error={error} />
          <button type="submit" className="primary" disabled={busy || !streetId} data-testid="blow-submit">{w('blow')}</button>
        </aside>
      </div>
    </form>
  );
}
