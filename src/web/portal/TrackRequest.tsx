import { useEffect, useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS, STATUS_LABELS } from '../../shared/labels.ts';
import { api, qs } from '../shared/api.ts';
import { Card, ErrorBox, Field, KV, StatusBadge } from '../shared/components.tsx';
import { EVENT_TYPE_LABELS } from '../shared/extra-labels.ts';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { Tracking } from '../shared/types.ts';
import { RequestSteps } from './RequestSteps.tsx';

const secretKey = (code: string) => `shaobao.track.${code}`;

/** The secret just shown after filing, for this tab only, so "track it" needs no retyping. */
export function rememberSecret(code: string, secret: string): void {
  try {
    sessionStorage.setItem(secretKey(code), secret);
  } catch {
    /* storage disabled: the requester types it */
  }
}

function recalledSecret(code: string): string {
  try {
    return (code && sessionStorage.getItem(secretKey(code))) || '';
  } catch {
    return '';
  }
}

/** Progress by code + tracking secret (or as the signed-in requester): the public steps only. */
export function TrackRequest({ initialCode, signedIn }: { initialCode: string; signedIn: boolean }) {
  const { t, L, locale } = useI18n();
  const initialSecret = recalledSecret(initialCode);
  const [code, setCode] = useState(initialCode);
  const [secret, setSecret] = useState(initialSecret);
  const [result, setResult] = useState<Tracking | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const lookup = async (c: string, p: string, keep = false) => {
    setBusy(true);
    setError(null);
    if (!keep) setResult(null);
    try {
      setResult(await api<Tracking>(`/api/portal/requests/${encodeURIComponent(c.trim().toUpperCase())}${qs({ secret: p.trim() })}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A signed-in requester arriving from "my requests" needs no secret; one arriving from filing brings it.
  useEffect(() => {
    if (initialCode && (signedIn || initialSecret)) void lookup(initialCode, initialSecret);
  }, [initialCode, initialSecret, signedIn, locale]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookup(code, secret);
  };

  return (
    <>
      <Card title={t('portal.track')} testid="track">
        <form className="form row" onSubmit={submit} aria-label={t('portal.track')}>
          <Field label={t('portal.code')} required>
            <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="GD20260101000001" required data-testid="track-code" />
          </Field>
          <Field label={t('track.secret')} required={!signedIn} hint={t('track.secretHint')}>
            <input
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              required={!signedIn}
              maxLength={40}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="XXXXX-XXXXX"
              data-testid="track-secret"
            />
          </Field>
          <div className="buttons align-end">
            <button type="submit" className="primary" disabled={busy} data-testid="track-submit">
              {t('portal.trackSubmit')}
            </button>
          </div>
        </form>
        <ErrorBox error={error} />
      </Card>
      {result && (
        <Card title={result.title} testid="track-result">
          <KV
            items={[
              [t('portal.code'), result.code],
              [t('order.status'), <StatusBadge key="s" status={result.status} />, 'track-status'],
              [t('order.requestType'), L(REQUEST_TYPE_LABELS, result.requestType)],
              [t('order.receivedAt'), formatDateTime(result.receivedAt, locale)],
              [t('portal.handlingUnit'), result.handlingUnit, 'track-unit'],
              [t('portal.closedAt'), result.closedAt ? formatDateTime(result.closedAt, locale) : null],
              [
                result.expectedReplyStage === 'dispatch' ? t('track.expectedDispatch') : t('track.expected'),
                result.expectedReplyAt ? formatDateTime(result.expectedReplyAt, locale) : null,
                'track-expected',
              ],
            ]}
          />
          {result.merged && <p className="notice">{t('portal.mergedNote', { code: result.mergedIntoCode ?? '' })}</p>}
          {result.answer && (
            <>
              <h3>{t('order.answer')}</h3>
              <p className="prose">{result.answer}</p>
            </>
          )}
          {result.result && (
            <>
              <h3>{t('portal.result')}</h3>
              <p className="prose" data-testid="track-result-text">
                {result.result}
              </p>
            </>
          )}
          <h3>{t('portal.progress')}</h3>
          <ol className="timeline public">
            {result.timeline.map((e, i) => (
              <li key={i} data-testid="track-event">
                <div className="tl-head">
                  <strong>{L(EVENT_TYPE_LABELS, e.type)}</strong>
                  <time className="muted">{formatDateTime(e.at, locale)}</time>
                </div>
                {(e.status || e.unitName) && (
                  <div className="small muted">
                    {e.status && L(STATUS_LABELS, e.status)}
                    {e.unitName && ` · ${e.unitName}`}
                    {e.channel === 'online' && ` ${t('track.online')}`}
                  </div>
                )}
                {e.text && <div className="small">{t('track.you', { text: e.text })}</div>}
              </li>
            ))}
          </ol>
        </Card>
      )}
      {result && <RequestSteps result={result} onChanged={() => void lookup(result.code, secret, true)} />}
    </>
  );
}
