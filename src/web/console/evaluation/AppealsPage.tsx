import { useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import { useLoad } from '../reference/ref-common.tsx';

type Appeal = { id: number; order_id: number; order_code: string; unit_name: string; period: string; reason: string; outcome: string; status: string; filed_at: string; decision_note: string | null };

/** Appeals the caller may see; the hotline supervisor decides the pending ones here. */
export function AppealsPage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('pending');
  const list = useLoad(() => api<{ items: Appeal[] }>(`/api/evaluation/appeals${qs({ status: status || undefined })}`).then((r) => r.items), status);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const decide = async (id: number, approve: boolean) => {
    try {
      await api(`/api/evaluation/appeals/${id}/decide`, { body: { approve, note: notes[id] ?? '' } });
      setError(null);
      await list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const supervisor = hasRole(me, 'hotline_supervisor', 'admin');
  return (
    <div data-testid="appeals-page">
      <h1>{t('ev.appeals')}</h1>
      <div className="ev-toolbar">
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('ev.status')}>
          {['pending', 'approved', 'rejected', ''].map((s) => (
            <option key={s} value={s}>
              {s ? t(`ev.status.${s}` as MsgKey) : t('ev.f.all')}
            </option>
          ))}
        </select>
      </div>
      <ErrorBox error={list.error ?? error} />
      {!list.data && !list.error && <Loading />}
      {list.data && list.data.length === 0 && <p className="empty">{t('ev.noAppeals')}</p>}
      {list.data?.map((a) => (
        <Card key={a.id} title={`#${a.id} · ${a.unit_name} · ${a.period}`} testid={`appeal-${a.id}`}>
          <p>
            <Link to={`/console/orders/${a.order_id}`}>{a.order_code}</Link> · {t(`ev.outcome.${a.outcome}` as MsgKey)} · {t(`ev.status.${a.status}` as MsgKey)} ·{' '}
            {formatDateTime(a.filed_at, locale)}
          </p>
          <p>{a.reason}</p>
          {a.decision_note && <p className="muted">{a.decision_note}</p>}
          {supervisor && a.status === 'pending' && (
            <div className="ev-toolbar">
              <input
                placeholder={t('ev.decisionNote')}
                value={notes[a.id] ?? ''}
                onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })}
                aria-label={t('ev.decisionNote')}
                data-testid="decision-note"
              />
              <button type="button" className="primary" onClick={() => decide(a.id, true)} data-testid="appeal-approve">
                {t('ev.approve')}
              </button>
              <button type="button" onClick={() => decide(a.id, false)} data-testid="appeal-reject">
                {t('ev.reject')}
              </button>
            </div>
          )}
        </Card>
      ))}
    </div>
  );
}
