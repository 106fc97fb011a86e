import { useEffect, useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS } from '../../shared/labels.ts';
import { api, newUuid } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field, LabelSelect } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { locationBody, type LocationValue } from '../shared/location-select.tsx';
import { PhotoInput } from '../shared/photo-input.tsx';
import { PortalPlace } from './PortalPlace.tsx';
import { useApi } from '../shared/query.tsx';
import { Link } from '../shared/router.ts';
import type { Me } from '../shared/types.ts';
import { rememberSecret } from './TrackRequest.tsx';

type Form = { requestType: string; title: string; text: string; name: string; phone: string; anonymous: boolean };
const EMPTY: Form = { requestType: 'complaint', title: '', text: '', name: '', phone: '', anonymous: false };

/** A citizen files a request; the answer is the tracking code to quote later. */
export function FileRequest({ citizen, staff }: { citizen: Me | null; staff: boolean }) {
  const { t, locale } = useI18n();
  const [form, setForm] = useState<Form>(EMPTY);
  const [loc, setLoc] = useState<LocationValue>({ address: '' });
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(newUuid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [filed, setFiled] = useState<{ code: string; secret: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  // A signed-in citizen's name and phone, as they gave them last, so they need not type them again.
  const profile = useApi<{ name: string | null; phone: string | null }>(['portal', 'profile', citizen?.userId ?? null], citizen ? '/api/portal/profile' : null).data;
  useEffect(() => {
    if (profile) setForm((f) => ({ ...f, name: f.name || profile.name || '', phone: f.phone || profile.phone || '' }));
  }, [profile]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const requester: Record<string, unknown> = { anonymous: form.anonymous };
      if (form.name.trim()) requester.name = form.name.trim();
      if (form.phone.trim()) requester.phone = form.phone.trim();
      const r = await api<{ code: string; status: string; trackingSecret: string }>('/api/portal/requests', {
        headers: { 'Idempotency-Key': key },
        body: {
          requestType: form.requestType,
          title: form.title.trim(),
          text: form.text.trim(),
          location: locationBody(loc),
          requester,
          attachments: await readAttachments(files, locale),
        },
      });
      setFiled({ code: r.code, secret: r.trackingSecret });
      // handed to the tracking page of this tab, never put in a URL (history, Referer)
      rememberSecret(r.code, r.trackingSecret);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (filed) {
    return (
      <Card title={t('portal.filedTitle')} testid="filed">
        <p>{t('portal.filedText')}</p>
        <p className="tracking-code" data-testid="tracking-code">
          {filed.code}
        </p>
        <p>{t('track.secretLabel')}</p>
        <p className="tracking-code" data-testid="tracking-secret">
          {filed.secret}
        </p>
        <p className="muted">{t('track.keep')}</p>
        <div className="buttons">
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard?.writeText(`${filed.code} ${filed.secret}`).then(() => setCopied(true), () => undefined);
            }}
            data-testid="copy-tracking"
          >
            {copied ? t('track.copied') : t('track.copy')}
          </button>
          <Link className="button primary" to={`/?view=track&code=${filed.code}`} data-testid="go-track">
            {t('portal.trackNow')}
          </Link>
          <button
            type="button"
            onClick={() => {
              setFiled(null);
              setCopied(false);
              setForm(EMPTY);
              setLoc({ address: '' });
              setFiles([]);
              setKey(newUuid());
            }}
          >
            {t('portal.fileAnother')}
          </button>
        </div>
      </Card>
    );
  }

  return (
    <Card title={t('portal.file')} testid="file-request">
      <p className="muted">{t('portal.fileIntro')}</p>
      {staff && (
        <p className="error-box">
          {t('portal.staffNotice')} <a href="/console/intake">{t('portal.toConsole')}</a>
        </p>
      )}
      <form className="form" onSubmit={submit} aria-label={t('portal.file')}>
        <Field label={t('order.requestType')} required>
          <LabelSelect table={REQUEST_TYPE_LABELS} value={form.requestType} onChange={(v) => set('requestType', v)} testid="portal-type" />
        </Field>
        <Field label={t('portal.subject')} required>
          <input value={form.title} maxLength={200} required onChange={(e) => set('title', e.target.value)} data-testid="portal-title" />
        </Field>
        <Field label={t('portal.details')} required hint={t('portal.detailsHint')}>
          <textarea rows={6} value={form.text} maxLength={5000} required onChange={(e) => set('text', e.target.value)} data-testid="portal-text" />
        </Field>
        <PortalPlace value={loc} onChange={setLoc} />
        <fieldset>
          <legend>{t('portal.contact')}</legend>
          <div className="row">
            <Field label={t('order.requesterName')}>
              <input value={form.name} maxLength={50} onChange={(e) => set('name', e.target.value)} data-testid="portal-name" />
            </Field>
            <Field label={t('order.requesterPhone')} required={!citizen} hint={t('portal.phoneHint')}>
              <input type="tel" value={form.phone} maxLength={20} required={!citizen} onChange={(e) => set('phone', e.target.value)} data-testid="portal-phone" />
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} data-testid="portal-anonymous" />
            <span>{t('portal.anonymous')}</span>
          </label>
        </fieldset>
        <PhotoInput label={t('place.photos')} files={files} onChange={setFiles} accept="image/*" testid="portal-files" />
        <ErrorBox error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy} data-testid="portal-submit">
            {busy ? t('common.submitting') : t('portal.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}
