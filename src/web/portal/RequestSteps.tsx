import { useState, type FormEvent, type ReactNode } from 'react';
import { SATISFACTION_LABELS } from '../../shared/labels.ts';
import { api } from '../shared/api.ts';
import { readAttachments } from '../shared/attachments.ts';
import { Card, ErrorBox, Field, Notice } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { PhotoInput } from '../shared/photo-input.tsx';
import type { Tracking } from '../shared/types.ts';

/** A step form that posts once and then tells the page to reload the request. */
function useStep(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (e: FormEvent, call: () => Promise<unknown>) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await call();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function YesNo({ name, label, value, onChange }: { name: string; label: string; value: boolean | null; onChange: (v: boolean) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="choice" data-testid={`cb-${name}`}>
      <legend>{label}</legend>
      {([true, false] as const).map((v) => (
        <label key={String(v)} className="check">
          <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} required data-testid={`cb-${name}-${v ? 'yes' : 'no'}`} />
          <span>{v ? t('track.yes') : t('track.no')}</span>
        </label>
      ))}
    </fieldset>
  );
}

function CallbackForm({ code, onDone }: { code: string; onDone: () => void }) {
  const { t, L } = useI18n();
  const [contacted, setContacted] = useState<boolean | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState('');
  const [note, setNote] = useState('');
  const step = useStep(onDone);
  const body = () => ({ contacted, solved, satisfaction, ...(note.trim() ? { note: note.trim() } : {}) });
  return (
    <Card title={t('track.callbackTitle')} testid="callback-form">
      <p className="muted">{t('track.callbackIntro')}</p>
      <form className="form" onSubmit={(e) => void step.run(e, () => api(`/api/portal/requests/${code}/callback`, { body: body() }))} aria-label={t('track.callbackTitle')}>
        <YesNo name="contacted" label={t('track.contacted')} value={contacted} onChange={setContacted} />
        <YesNo name="solved" label={t('track.solved')} value={solved} onChange={setSolved} />
        <fieldset className="choice" data-testid="cb-satisfaction">
          <legend>{t('track.satisfaction')}</legend>
          {Object.keys(SATISFACTION_LABELS).map((k) => (
            <label key={k} className="check">
              <input type="radio" name="satisfaction" checked={satisfaction === k} onChange={() => setSatisfaction(k)} required data-testid={`cb-satisfaction-${k}`} />
              <span>{L(SATISFACTION_LABELS, k)}</span>
            </label>
          ))}
        </fieldset>
        <Field label={t('track.callbackNote')}>
          <textarea rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="cb-note" />
        </Field>
        <ErrorBox error={step.error} />
        <button type="submit" className="primary" disabled={step.busy} data-testid="cb-submit">
          {t('track.callbackSubmit')}
        </button>
      </form>
    </Card>
  );
}

function TextStep({ title, label, submit, testid, onSend, photos }: { title: string; label: string; submit: string; testid: string; onSend: (text: string, files: File[]) => Promise<unknown>; photos?: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState(false);
  const step = useStep(() => {
    setText('');
    setFiles([]);
    setDone(true);
  });
  return (
    <Card title={title} testid={testid}>
      {done && photos && <Notice>{t('track.added')}</Notice>}
      <form className="form" onSubmit={(e) => void step.run(e, () => onSend(text.trim(), files))} aria-label={title}>
        <Field label={label} required>
          <textarea rows={3} minLength={2} maxLength={1000} required value={text} onChange={(e) => setText(e.target.value)} data-testid={`${testid}-text`} />
        </Field>
        {photos && <PhotoInput label={t('place.photos')} files={files} onChange={setFiles} accept="image/*" testid={`${testid}-files`} />}
        <ErrorBox error={step.error} />
        <button type="submit" className="primary" disabled={step.busy} data-testid={`${testid}-submit`}>
          {submit}
        </button>
      </form>
    </Card>
  );
}

/** What the signed-in requester may do on their request now, as the server's transition table allows. */
export function RequestSteps({ result, onChanged }: { result: Tracking; onChanged: () => void }): ReactNode {
  const { t, locale } = useI18n();
  const code = result.code;
  return (
    <>
      {result.canAnswerCallback && <CallbackForm code={code} onDone={onChanged} />}
      {result.canAskRehandling && (
        <TextStep
          title={t('track.rehandleTitle')}
          label={t('track.rehandleReason')}
          submit={t('track.rehandleSubmit')}
          testid="rehandle"
          onSend={async (reason) => {
            await api(`/api/portal/requests/${code}/reopen`, { body: { reason } });
            onChanged();
          }}
        />
      )}
      {result.canAddInformation && !result.canAnswerCallback && (
        <TextStep
          title={t('track.addTitle')}
          label={t('track.addText')}
          submit={t('track.addSubmit')}
          testid="add-info"
          photos
          onSend={async (text, files) => {
            await api(`/api/portal/requests/${code}/information`, { body: { text, attachments: await readAttachments(files, locale) } });
            onChanged();
          }}
        />
      )}
    </>
  );
}
