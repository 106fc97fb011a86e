import { useState, type FormEvent } from 'react';
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, URGENCY_LABELS } from '../../shared/labels.ts';
import { api, newUuid } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { MAX_ATTACHMENTS } from '../shared/limits.ts';
import { LocationSelect, locationBody, type LocationValue } from '../shared/location-select.tsx';
import { navigate } from '../shared/router.ts';
import { hasRole } from '../shared/session.tsx';
import type { IntakeResult, Me } from '../shared/types.ts';

type Form = { channel: string; requestType: string; urgency: string; title: string; text: string; name: string; phone: string; anonymous: boolean };

/** 受理: an agent records a call (or any channel) as a work order and lands on it. */
export function IntakePage({ me }: { me: Me }) {
  const { t, L, locale } = useI18n();
  const gridOnly = hasRole(me, 'grid_member') && !hasRole(me, 'intake_agent', 'dispatcher', 'hotline_supervisor');
  const [form, setForm] = useState<Form>({ channel: gridOnly ? 'grid' : 'phone', requestType: 'complaint', urgency: 'general', title: '', text: '', name: '', phone: '', anonymous: false });
  const [loc, setLoc] = useState<LocationValue>({ address: '' });
  const [files, setFiles] = useState<File[]>([]);
  // One key per opened form: a double click or a retry after a timeout replays instead of creating a twin.
  const [idempotencyKey] = useState(newUuid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const attachments = await readAttachments(files, locale);
      const requester: Record<string, unknown> = { anonymous: form.anonymous };
      if (form.name.trim()) requester.name = form.name.trim();
      if (form.phone.trim()) requester.phone = form.phone.trim();
      const order = await api<IntakeResult>('/api/work-orders', {
        headers: { 'Idempotency-Key': idempotencyKey },
        body: {
          channel: form.channel,
          requestType: form.requestType,
          urgency: form.urgency,
          title: form.title.trim(),
          text: form.text.trim(),
          location: locationBody(loc),
          requester,
          attachments,
        },
      });
      navigate(`/console/orders/${order.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const select = (k: 'channel' | 'requestType' | 'urgency', table: Record<string, { zh: string; en: string }>, label: string, disabled = false) => (
    <Field label={label} required>
      <select value={form[k]} disabled={disabled} onChange={(e) => set(k, e.target.value)} data-testid={`intake-${k}`}>
        {Object.keys(table).map((v) => (
          <option key={v} value={v}>
            {L(table, v)}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
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
        <LocationSelect value={loc} onChange={setLoc} />
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
          <label className="check">
            <input type="checkbox" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} data-testid="intake-anonymous" />
            <span>{t('intake.anonymous')}</span>
          </label>
        </fieldset>
        <Field label={t('intake.attachments')} hint={t('attach.hint', { max: MAX_ATTACHMENTS })}>
          <input type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} data-testid="intake-files" />
        </Field>
        <ErrorBox error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy} data-testid="intake-submit">
            {busy ? t('common.submitting') : t('intake.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}
