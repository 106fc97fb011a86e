import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../shared/api.ts';
import { ErrorBox, Field } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';

const RESEND_S = 60;

/** Sign-in by phone and a one-time code sent by SMS; `onSignedIn` refreshes the session. */
export function PhoneSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ sentTo: string }>('/api/portal/sign-in/code', { body: { phone: phone.trim() } });
      setSentTo(r.sentTo);
      setWait(RESEND_S);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!sentTo) return void send();
    setBusy(true);
    setError(null);
    try {
      await api('/api/portal/sign-in', { body: { phone: phone.trim(), code: code.trim() } });
      onSignedIn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login card" onSubmit={submit} aria-label={t('signin.title')} data-testid="phone-sign-in">
      <h1>{t('signin.title')}</h1>
      <p className="muted">{t('signin.hint')}</p>
      <Field label={t('signin.phone')} required>
        <input type="tel" inputMode="numeric" autoComplete="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} required data-testid="signin-phone" />
      </Field>
      <div className="buttons">
        <button type="button" onClick={() => void send()} disabled={busy || wait > 0 || !phone.trim()} data-testid="signin-send">
          {wait > 0 ? t('signin.resend', { s: wait }) : t('signin.send')}
        </button>
      </div>
      {sentTo && (
        <>
          <p className="notice" role="status" data-testid="signin-sent">
            {t('signin.sent', { phone: sentTo })}
          </p>
          <Field label={t('signin.code')} required>
            <input inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} required data-testid="signin-code" />
          </Field>
        </>
      )}
      <ErrorBox error={error} />
      {sentTo && (
        <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
          {t('signin.submit')}
        </button>
      )}
    </form>
  );
}
