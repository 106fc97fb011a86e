import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type I18n } from '../../shared/i18n.ts';
import { DUTY_EVENT_LABELS, DUTY_ROLE_LABELS } from '../../shared/routing-labels.ts';
import type { DutyListEvent } from '../../shared/routing-types.ts';
import { ConfirmButton } from './ref-common.tsx';

const FIELDS: [key: string, label: Parameters<I18n['t']>[0]][] = [
  ['block', 'duty.block'],
  ['text', 'duty.text'],
  ['role', 'duty.role'],
  ['legal_basis', 'duty.legalBasis'],
  ['lead_department_code', 'duty.leadDept'],
  ['category_codes', 'duty.categories'],
];

/** An event in words: the item and, for a change, each field before and after. */
function describe(e: DutyListEvent, { t, L }: I18n): string[] {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  const val = (k: string, v: unknown) => (v === null || v === undefined || v === '' ? '—' : k === 'role' ? L(DUTY_ROLE_LABELS, String(v)) : Array.isArray(v) ? v.join(' ') : String(v));
  if (typeof d.code === 'string') out.push(`${t('duty.code')} ${d.code}`);
  const before = (d.before ?? null) as Record<string, unknown> | null;
  const after = (d.after ?? null) as Record<string, unknown> | null;
  if (before && after) {
    for (const [k, label] of FIELDS) {
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out.push(`${t(label)}：${val(k, before[k])} → ${val(k, after[k])}`);
    }
  } else if (after && typeof after.text === 'string') out.push(after.text);
  else if (before && typeof before.text === 'string') out.push(before.text);
  if (typeof d.note === 'string' && d.note) out.push(`${t('common.note')}：${d.note}`);
  if (typeof d.items === 'number') out.push(t('duty.itemsN', { n: d.items }));
  return out;
}

export function DutyListHistory({ events }: { events: DutyListEvent[] }) {
  const i18n = useI18n();
  const { t, L, locale } = i18n;
  return (
    <Card title={t('duty.history')} testid="duty-history">
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.id} data-testid="duty-event" data-type={e.type}>
            <div className="tl-head">
              <strong>{L(DUTY_EVENT_LABELS, e.type)}</strong>
              <time className="muted">{formatDateTime(e.at, locale)}</time>
              <span className="muted small">{e.actor_name ?? t('tl.system')}</span>
            </div>
            {describe(e, i18n).map((line, i) => (
              <div key={i} className="small">
                {line}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** District supervisors (and administrators) decide on a submitted list; a rejection needs a reason. */
export function DecisionBox({ listId, onDone }: { listId: number; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const decide = async (what: 'approve' | 'reject') => {
    setError(null);
    try {
      if (what === 'reject' && note.trim().length < 2) throw new Error(t('f.required', { field: t('duty.decisionNote') }));
      await api(`/api/duty-lists/${listId}/${what}`, { body: note.trim() ? { note: note.trim() } : {} });
      await onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="decision" data-testid="duty-decision">
      <Field label={t('duty.decisionNote')} hint={t('duty.decisionHint')}>
        <textarea rows={2} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} data-testid="duty-decision-note" />
      </Field>
      <ErrorBox error={error} />
      <div className="buttons">
        <ConfirmButton label={t('duty.approve')} confirmLabel={t('duty.approveConfirm')} onConfirm={() => decide('approve')} testid="duty-approve" primary />
        <ConfirmButton label={t('duty.reject')} confirmLabel={t('duty.rejectConfirm')} onConfirm={() => decide('reject')} testid="duty-reject" />
      </div>
    </div>
  );
}
