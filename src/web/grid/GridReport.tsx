import { useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS } from '../../shared/labels.ts';
import { api, newUuid } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field, LabelSelect } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { PhotoInput } from '../shared/photo-input.tsx';
import { useApi } from '../shared/query.tsx';
import type { Me, UnitWithChain } from '../shared/types.ts';
import { sendReport } from './send-report.ts';

type Form = { requestType: string; title: string; text: string; address: string };
const EMPTY: Form = { requestType: 'report', title: '', text: '', address: '' };

/** A report from the member's own grid: the grant's unit is the grid, its chain gives community and street. */
export function GridReport({ me, onQueued }: { me: Me; onQueued: (waiting: number) => void }) {
  const { t, locale } = useI18n();
  const gridId = me.grants.find((g) => g.role === 'grid_member')?.unitId ?? null;
  // Only its name is shown; offline the query waits and the form works without it.
  const grid = useApi<UnitWithChain>(['units', gridId], gridId ? `/api/units/${gridId}` : null, { staleTime: 5 * 60_000 }).data ?? null;
  const [form, setForm] = useState<Form>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(newUuid);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await sendReport(key, {
        channel: 'grid',
        requestType: form.requestType,
        urgency: 'general',
        title: form.title.trim(),
        text: form.text.trim(),
        location: { ...(gridId ? { gridId } : {}), ...(form.address.trim() ? { address: form.address.trim() } : {}) },
        attachments: await readAttachments(files, locale),
      });
      if (r.failed) throw new Error(r.failed);
      setForm(EMPTY);
      setFiles([]);
      setKey(newUuid());
      onQueued(r.waiting);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const place = grid ? grid.chain.filter((u) => u.kind !== 'city').map((u) => u.name).join(' / ') : '…';
  return (
    <Card title={t('grid.report')} testid="grid-report">
      <form className="form" onSubmit={submit} aria-label={t('grid.report')}>
        <p className="muted small" data-testid="grid-place">
          {t('grid.place')}: {place}
        </p>
        <Field label={t('order.requestType')} required>
          <LabelSelect table={REQUEST_TYPE_LABELS} value={form.requestType} onChange={(v) => set('requestType', v)} testid="grid-type" />
        </Field>
        <Field label={t('order.title')} required>
          <input value={form.title} maxLength={200} required onChange={(e) => set('title', e.target.value)} data-testid="grid-title" />
        </Field>
        <Field label={t('grid.what')} required>
          <textarea rows={4} value={form.text} maxLength={5000} required onChange={(e) => set('text', e.target.value)} data-testid="grid-text" />
        </Field>
        <Field label={t('grid.spot')}>
          <input value={form.address} maxLength={300} onChange={(e) => set('address', e.target.value)} data-testid="grid-address" />
        </Field>
        <PhotoInput label={t('grid.photos')} files={files} onChange={setFiles} accept="image/*" camera testid="grid-files" />
        <ErrorBox error={error} />
        <button type="submit" className="primary block" disabled={busy} data-testid="grid-submit">
          {busy ? t('common.submitting') : t('grid.submit')}
        </button>
      </form>
    </Card>
  );
}
