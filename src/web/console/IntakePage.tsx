import { useRef, useState, type FormEvent } from 'react';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../shared/labels.ts';
import { api, newUuid } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field, LabelSelect } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { PhotoInput } from '../shared/photo-input.tsx';
import { LocationSelect, locationBody, type LocationValue } from '../shared/location-select.tsx';
import { navigate } from '../shared/router.ts';
import type { DuplicateHit } from '../shared/routing-types.ts';
import { hasRole } from '../shared/session.tsx';
import type { IntakeResult, Me } from '../shared/types.ts';
import { AddressSearch } from './intake/AddressSearch.tsx';
import { AnswerTemplates } from './intake/AnswerTemplates.tsx';
import { CallerHistory } from './intake/CallerHistory.tsx';
import { EntryExceptions, entryRefused, mergeInto, type EntryFlags } from './intake/intake-actions.tsx';
import { IntakeMap } from './intake/IntakeMap.tsx';
import { ProposalsPanel } from './intake/ProposalsPanel.tsx';
import { useSuggest } from './intake/use-suggest.ts';

type Form = { channel: string; requestType: string; urgency: string; title: string; text: string; name: string; phone: string; anonymous: boolean };
type Mode = { kind: 'intake' } | { kind: 'dispatch' } | { kind: 'answer' } | { kind: 'merge'; into: DuplicateHit };

/** 受理: an agent records a call (or any channel) as a work order, with the platform's proposals alongside. */
export function IntakePage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const gridOnly = hasRole(me, 'grid_member') && !hasRole(me, 'intake_agent', 'dispatcher', 'hotline_supervisor');
  const [form, setForm] = useState<Form>({ channel: gridOnly ? 'grid' : 'phone', requestType: 'complaint', urgency: 'general', title: '', text: '', name: '', phone: '', anonymous: false });
  const [loc, setLoc] = useState<LocationValue>({ address: '' });
  const [category, setCategory] = useState('');
  const [answer, setAnswer] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [mapOpen, setMapOpen] = useState(false);
  const mapRef = useRef<HTMLDivElement>(null);
  // One key per opened form: a double click or a retry after a timeout replays instead of creating a twin.
  const [idempotencyKey] = useState(newUuid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [flags, setFlags] = useState<EntryFlags>({ emergency: false, districtApproved: false });
  const [unmerged, setUnmerged] = useState<IntakeResult | null>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const suggestion = useSuggest({ title: form.title, text: form.text, location: loc, categoryCode: category, requestType: form.requestType, urgency: form.urgency });
  const routing = suggestion.data?.routing ?? null;
  const canDispatch = hasRole(me, 'dispatcher');
  const canMerge = hasRole(me, 'intake_agent', 'dispatcher');
  const canAnswer = canMerge;

  const body = async (categoryCode: string) => {
    const attachments = await readAttachments(files, locale);
    const requester: Record<string, unknown> = { anonymous: form.anonymous };
    if (form.name.trim()) requester.name = form.name.trim();
    if (form.phone.trim()) requester.phone = form.phone.trim();
    return {
      channel: form.channel,
      requestType: form.requestType,
      urgency: form.urgency,
      title: form.title.trim(),
      text: form.text.trim(),
      ...(categoryCode ? { category: categoryCode } : {}),
      location: locationBody(loc),
      requester,
      attachments,
    };
  };
  const headers = { 'Idempotency-Key': idempotencyKey };

  const run = async (mode: Mode) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    let order: IntakeResult | null = null;
    try {
      if (mode.kind === 'dispatch' && routing) {
        // One command: the order is taken in under the proposal's category and dispatched as shown, or not at all.
        const dispatch = {
          leadUnitId: routing.leadUnit.id,
          coHandlerUnitIds: routing.coHandlers.map((u) => u.id),
          ...(flags.emergency ? { emergency: true } : {}),
          ...(flags.districtApproved ? { districtApproved: true } : {}),
        };
        order = await api<IntakeResult>('/api/work-orders/intake-and-dispatch', { headers, body: { order: await body(suggestion.data?.categoryCode ?? category), dispatch } });
      } else if (mode.kind === 'answer') {
        // One command: the inquiry is recorded and answered, or nothing is recorded.
        order = await api<IntakeResult>('/api/work-orders/intake-and-answer', { headers, body: { order: await body(category), answer: answer.trim() } });
      } else {
        order = await api<IntakeResult>('/api/work-orders', { headers, body: await body(category) });
        if (mode.kind === 'merge') await mergeInto(order, mode.into.id);
      }
      navigate(`/console/orders/${order.id}`);
    } catch (err) {
      setError(err);
      if (order) setUnmerged(order);
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run({ kind: 'intake' });
  };

  const select = (k: 'channel' | 'requestType' | 'urgency', table: Record<string, { zh: string; en: string }>, label: string, disabled = false) => (
    <Field label={label} required>
      <LabelSelect table={table} value={form[k]} disabled={disabled} onChange={(v) => set(k, v)} testid={`intake-${k}`} />
    </Field>
  );

  const openMap = () => {
    setMapOpen(true);
    setTimeout(() => mapRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' }), 50);
  };

  return (
    <div className="intake-grid">
      <Card title={t('intake.title')} testid="intake">
        <form className="form" onSubmit={submit} aria-label={t('intake.title')}>
          <div className="row">
            {select('channel', CHANNEL_LABELS, t('order.channel'), gridOnly)}
            {select('requestType', REQUEST_TYPE_LABELS, t('order.requestType'))}
            {select('urgency', URGENCY_LABELS, t('order.urgency'))}
          </div>
          <Field label={t('order.title')} required>
            <input value={form.title} maxLength={200} required onChange={(e) => set('title', e.target.value)} data-testid="intake-title" />
          </Field>
          <Field label={t('order.text')} required>
            <textarea rows={5} value={form.text} maxLength={5000} required onChange={(e) => set('text', e.target.value)} data-testid="intake-text" />
          </Field>
          <AddressSearch
            onPick={(p) =>
              setLoc({
                address: loc.address.trim() ? loc.address : p.name,
                streetId: p.unit.street?.id,
                communityId: p.unit.community?.id,
                gridId: p.unit.grid?.id,
                lon: p.lon,
                lat: p.lat,
              })
            }
          />
          <LocationSelect value={loc} onChange={setLoc} />
          <div ref={mapRef}>
            <IntakeMap open={mapOpen} onToggle={() => setMapOpen(!mapOpen)} loc={loc} onChange={setLoc} />
          </div>
          <fieldset>
            <legend>{t('order.requester')}</legend>
            <div className="row">
              <Field label={t('order.requesterName')}>
                <input value={form.name} maxLength={50} onChange={(e) => set('name', e.target.value)} data-testid="intake-name" />
              </Field>
              <Field label={t('order.requesterPhone')}>
                <input type="tel" value={form.phone} maxLength={20} onChange={(e) => set('phone', e.target.value)} data-testid="intake-phone" />
              </Field>
            </div>
            {hasRole(me, 'intake_agent', 'dispatcher', 'hotline_supervisor') && <CallerHistory phone={form.phone} />}
            <label className="check">
              <input type="checkbox" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} data-testid="intake-anonymous" />
              <span>{t('intake.anonymous')}</span>
            </label>
          </fieldset>
          <PhotoInput label={t('intake.attachments')} files={files} onChange={setFiles} testid="intake-files" />
          {canAnswer && (
            <AnswerTemplates
              title={form.title}
              text={form.text}
              categoryCode={category || (suggestion.data?.categoryCode ?? '')}
              inquiry={form.requestType === 'inquiry'}
              answer={answer}
              onAnswer={setAnswer}
            />
          )}
          <ErrorBox error={error} />
          {unmerged && (
            <p className="warn-box" data-testid="intake-merge-failed">
              {t('intake.createdNotMerged', { code: unmerged.code })} <a href={`/console/orders/${unmerged.id}`}>{t('intake.openOrder')}</a>
            </p>
          )}
          {entryRefused(error) && canDispatch && <EntryExceptions flags={flags} onChange={setFlags} />}
          <div className="buttons">
            <button type="submit" className={canDispatch ? undefined : 'primary'} disabled={busy || !!unmerged} data-testid="intake-submit">
              {busy ? t('common.submitting') : t('intake.submit')}
            </button>
            {canDispatch && (
              <button
                type="button"
                className="primary"
                disabled={busy || !!unmerged || !routing || !suggestion.fresh}
                onClick={() => void run({ kind: 'dispatch' })}
                title={routing ? t('intake.dispatchHint', { unit: routing.leadUnit.name }) : t('intake.dispatchWait')}
                data-testid="intake-dispatch"
              >
                {t('intake.submitDispatch')}
              </button>
            )}
            {canAnswer && answer.trim() && (
              <button type="button" className="primary" disabled={busy || !!unmerged} onClick={() => void run({ kind: 'answer' })} data-testid="intake-answer-submit">
                {t('at.submit')}
              </button>
            )}
            {routing && canDispatch && <span className="muted small">{t('intake.dispatchHint', { unit: routing.leadUnit.name })}</span>}
          </div>
        </form>
      </Card>
      <aside className="intake-side">
        <ProposalsPanel
          data={suggestion.data}
          loading={suggestion.loading}
          error={suggestion.error}
          title={form.title}
          text={form.text}
          category={category}
          requestType={form.requestType}
          urgency={form.urgency}
          onCategory={setCategory}
          onAdopt={(k, v) => set(k, v)}
          onPlacePin={openMap}
          loc={loc}
          onPlace={setLoc}
          canMerge={canMerge}
          busy={busy || !!unmerged}
          onMerge={(d) => void run({ kind: 'merge', into: d })}
        />
      </aside>
    </div>
  );
}
