import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { ErrorBox, Field } from '../../shared/components.tsx';
import { readAttachments } from '../../shared/attachments.ts';
import { PhotoInput } from '../../shared/photo-input.tsx';
import type { Unit } from '../../shared/types.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { useW } from './whistle-messages.ts';
import type { WhistleDetail } from './whistle-types.ts';

type Props = { w: WhistleDetail; action: string; onDone: (message: string) => void; onConflict: () => void };

/** One form per allowed action; each posts with the version the page shows, so a stale page is told to reload. */
export function WhistleActionForm({ w: whistle, action, onDone, onConflict }: Props) {
  const { w, l, locale } = useW();
  const [v, setV] = useState<Record<string, string>>({ timeliness: '5', attitude: '5', effectiveness: '5', uphold: 'yes', lon: whistle.lon?.toString() ?? '', lat: whistle.lat?.toString() ?? '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const num = (k: string) => (v[k] === '' || v[k] === undefined ? undefined : Number(v[k]));
  const outstanding = whistle.reportIns.filter((r) => !['acted', 'released'].includes(r.status));
  const rateable = whistle.reportIns.filter((r) => r.reportedAt && !whistle.ratings.some((x) => x.unitId === r.unitId));
  const contested = whistle.ratings.filter((r) => r.status === 'contested');
  // The street acting for stationed staff it dispatched names the department they report in for.
  const behalfIds = action === 'report_in' || action === 'record_action' ? whistle.onBehalf[action] : [];
  const behalf = whistle.reportIns.filter((r) => behalfIds.includes(r.unitId));
  const forUnit = behalf.length ? { unitId: Number(v.unitId || behalf[0].unitId) } : {};
  // 双报到: a district leader reports in by post, one post at a time
  const posts = action === 'report_in' ? whistle.myLeaderPosts : [];

  const body = (): Record<string, unknown> => {
    switch (action) {
      case 'report_in': return { person: v.person, lon: num('lon'), lat: num('lat'), ...forUnit, ...(posts.length ? { leaderPost: v.leaderPost || posts[0] } : {}) };
      case 'record_action': return { text: v.text, ...forUnit };
      case 'summon': return { unitIds: units.map((u) => u.id) };
      case 'release': return { unitId: Number(v.unitId ?? outstanding[0]?.unitId), reason: v.reason };
      case 'escalate': return { reason: v.reason };
      case 'close': return { result: v.result || undefined };
      case 'rate': return { unitId: Number(v.unitId ?? rateable[0]?.unitId), timeliness: num('timeliness'), attitude: num('attitude'), effectiveness: num('effectiveness'), comment: v.comment ?? '' };
      case 'contest_rating': return { reason: v.reason };
      case 'decide_rating': {
        const uphold = v.uphold === 'yes';
        return { unitId: Number(v.unitId ?? contested[0]?.unitId), uphold, note: v.note, revised: uphold ? undefined : { timeliness: num('timeliness'), attitude: num('attitude'), effectiveness: num('effectiveness') } };
      }
      default: return {};
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const files = action === 'record_action' && photos.length ? { photos: await readAttachments(photos, locale) } : {};
      await api(`/api/whistles/${whistle.id}/${action.replaceAll('_', '-')}`, { body: { version: whistle.version, ...body(), ...files } });
      setV({ ...v, person: '', text: '', reason: '', note: '', comment: '', unitId: '', leaderPost: '' });
      setPhotos([]);
      setUnits([]);
      onDone(w('done', { a: l('ACTION', action) }));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.code === 'version_conflict') onConflict();
    } finally {
      setBusy(false);
    }
  };

  const text = (k: string, label: string, required = true) => (
    <Field label={label} required={required}><textarea value={v[k] ?? ''} onChange={set(k)} required={required} data-testid={`wf-${action}-${k}`} rows={2} /></Field>
  );
  const unitSelect = (list: { unitId: number; unitName: string }[]) => (
    <Field label={w('unit')} required>
      <select value={v.unitId || String(list[0]?.unitId ?? '')} onChange={set('unitId')} data-testid={`wf-${action}-unit`}>
        {list.map((r) => <option key={r.unitId} value={r.unitId}>{r.unitName}</option>)}
      </select>
    </Field>
  );
  const scores = () => (['timeliness', 'attitude', 'effectiveness'] as const).map((k) => (
    <Field key={k} label={w(k)} required>
      <select value={v[k]} onChange={set(k)} data-testid={`wf-${action}-${k}`}>{[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{n}</option>)}</select>
    </Field>
  ));

  let fields: ReactNode = null;
  const behalfSelect = behalf.length > 0 && (
    <Field label={w('onBehalf')} required>
      <select value={v.unitId || String(behalf[0].unitId)} onChange={set('unitId')} data-testid={`wf-${action}-behalf`}>
        {behalf.map((r) => <option key={r.unitId} value={r.unitId}>{r.unitName}{r.stationed?.length ? `（${r.stationed.map((x) => x.name).join('、')}）` : ''}</option>)}
      </select>
    </Field>
  );
  if (action === 'report_in') {
    fields = <>
      {behalfSelect}
      {posts.length > 0 && <>
        <p className="muted">{w('dualReportInHint')}</p>
        <Field label={w('leaderPost')} required>
          <select value={v.leaderPost || posts[0]} onChange={set('leaderPost')} data-testid="wf-report_in-post">
            {posts.map((p) => <option key={p} value={p}>{l('POST', p)}</option>)}
          </select>
        </Field>
      </>}
      <Field label={w('person')} required><input value={v.person ?? ''} onChange={set('person')} required data-testid="wf-report_in-person" /></Field>
      {whistle.onSite && <div className="row">
        <Field label={w('lon')} required><input inputMode="decimal" value={v.lon} onChange={set('lon')} required data-testid="wf-report_in-lon" /></Field>
        <Field label={w('lat')} required><input inputMode="decimal" value={v.lat} onChange={set('lat')} required data-testid="wf-report_in-lat" /></Field>
      </div>}
    </>;
  } else if (action === 'record_action') {
    fields = <>{behalfSelect}{text('text', w('text'))}<PhotoInput label={w('photos')} files={photos} onChange={setPhotos} testid="wf-record_action-photos" accept="image/*" camera /></>;
  } else if (action === 'summon') {
    // 攻坚哨 may summon the district leaders in charge; other whistles departments and enterprises.
    fields = <UnitPicker label={w('summonUnits')} kinds={whistle.type === 'hard_problem' ? ['department', 'enterprise', 'district'] : ['department', 'enterprise']} value={units} onChange={setUnits} multiple required testid="wf-summon-units" />;
  }
  else if (action === 'release') fields = <>{unitSelect(outstanding)}{text('reason', w('reason'))}</>;
  else if (action === 'escalate' || action === 'contest_rating') fields = text('reason', w('reason'));
  else if (action === 'close') fields = text('result', w('result'), false);
  else if (action === 'rate') {
    if (!rateable.length) return null;
    fields = <>{unitSelect(rateable)}{scores()}{text('comment', w('comment'), false)}</>;
  } else if (action === 'decide_rating') {
    if (!contested.length) return null;
    fields = <>{unitSelect(contested)}
      <Field label={w('status')}><select value={v.uphold} onChange={set('uphold')} data-testid="wf-decide_rating-uphold"><option value="yes">{w('uphold')}</option><option value="no">{w('revise')}</option></select></Field>
      {v.uphold === 'no' && scores()}{text('note', w('note'))}</>;
  } else return null;

  return (
    <form className="action-form" onSubmit={submit} data-testid={`wf-${action}`}>
      <h3>{l('ACTION', action)}</h3>
      {fields}
      <ErrorBox error={error} />
      <button type="submit" className="primary" disabled={busy || (action === 'summon' && !units.length)} data-testid={`wf-${action}-submit`}>{l('ACTION', action)}</button>
    </form>
  );
}
