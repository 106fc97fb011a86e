import { useCallback, useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { LongTermList } from '../../../server/modules/themes/long-term-queries.ts';

const REASONS = ['policy', 'history', 'jurisdiction'] as const;

/** 长期跟踪: the list, who added what and why, reviews due first; review, supervise and resolve in place. */
export function LongTermPage({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const [list, setList] = useState<LongTermList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ orderId: '', reasonKind: 'policy', reason: '', reviewDays: '30' });
  const [notes, setNotes] = useState<Record<number, string>>({});
  const load = useCallback(() => api<LongTermList>('/api/long-term').then(setList, setError), []);
  useEffect(() => void load(), [load]);
  const supervisor = hasRole(me, 'district_supervisor', 'hotline_supervisor');
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div data-testid="long-term-page">
      <ErrorBox error={error} />
      <Card title={t('lt.title')}>
        <p className="muted">{t('lt.hint')}</p>
        <form className="row" onSubmit={(e) => { e.preventDefault(); void run(() => api('/api/long-term', { body: { orderId: Number(form.orderId), reasonKind: form.reasonKind, reason: form.reason, reviewDays: Number(form.reviewDays) } })); }}>
          <Field label={t('lt.orderId')} required><input inputMode="numeric" value={form.orderId} onChange={(e) => setForm({ ...form, orderId: e.target.value })} required /></Field>
          <Field label={t('lt.reasonKind')} required>
            <select value={form.reasonKind} onChange={(e) => setForm({ ...form, reasonKind: e.target.value })}>
              {REASONS.map((r) => <option key={r} value={r}>{t(`lt.reason.${r}`)}</option>)}
            </select>
          </Field>
          <Field label={t('lt.reason')} required><input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required /></Field>
          <Field label={t('lt.reviewDays')}><input type="number" min={1} max={365} value={form.reviewDays} onChange={(e) => setForm({ ...form, reviewDays: e.target.value })} /></Field>
          <button type="submit" className="primary">{t('lt.add')}</button>
        </form>
      </Card>
      <Card>
        {!list ? <Loading /> : !list.items.length ? <p>{t('lt.none')}</p> : (
          <div className="table-box"><table>
            <thead><tr><th>{t('lt.orderId')}</th><th>{t('lt.reasonKind')}</th><th>{t('lt.unit')}</th><th>{t('lt.nextReview')}</th><th>{t('lt.note')}</th><th /></tr></thead>
            <tbody>{list.items.map((x) => (
              <tr key={x.id} data-testid="long-term-item">
                <td><Link to={`/console/orders/${x.orderId}`}>{x.orderCode}</Link> {x.orderTitle}</td>
                <td>{t(`lt.reason.${x.reasonKind}`)}：{x.reason}</td>
                <td>{x.unitName}</td>
                <td>{formatDate(x.nextReviewAt, locale)}{x.reviewDue && <> <span className="badge overdue">{t('lt.reviewDue')}</span></>}</td>
                <td><input aria-label={t('lt.note')} value={notes[x.id] ?? ''} onChange={(e) => setNotes({ ...notes, [x.id]: e.target.value })} /></td>
                <td className="row">
                  {(['review', ...(supervisor ? ['supervise'] : []), 'resolve'] as const).map((a) => (
                    <button key={a} type="button" disabled={!notes[x.id]} onClick={() => void run(() => api(`/api/long-term/${x.id}/${a}`, { body: { version: x.version, note: notes[x.id] } }))}>{t(`lt.${a}` as 'lt.review')}</button>
                  ))}
                </td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </Card>
    </div>
  );
}
