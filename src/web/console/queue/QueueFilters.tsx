import { useState, type FormEvent } from 'react';
import { CHANNEL_LABELS, STATUS_LABELS, URGENCY_LABELS } from '../../../shared/labels.ts';
import { qs } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.ts';
import { useApi } from '../../shared/query.tsx';
import { categoryName, useActiveTaxonomy } from '../../shared/taxonomy.ts';
import type { Unit } from '../../shared/types.ts';
import { LEAD_KINDS, UnitPicker } from '../../shared/unit-picker.tsx';
import type { QueueState } from './queue-state.ts';

type Props = { state: QueueState; onChange: (patch: Partial<QueueState>) => void };

/** Scope, the list filters (unit, street, category, urgency, channel, status, dates) and the search by code or phone. */
export function QueueFilters({ state, onChange }: Props) {
  const { t, L } = useI18n();
  const [search, setSearch] = useState(state.q);
  const [lead, setLead] = useState<Unit[]>([]);
  const set = !!(state.urgency || state.channel || state.category || state.streetId || state.leadUnitId || state.from || state.to);
  // The first screen is the list: the street and category choices load once the filters are opened.
  const [open, setOpen] = useState(set);
  const streets = useApi<{ items: Unit[] }>(['units', 'street,township', null], open ? `/api/units${qs({ kind: 'street,township', limit: 1000 })}` : null, { staleTime: 5 * 60_000 });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: search.trim() });
  };
  const select = (key: 'status' | 'urgency' | 'channel', table: Record<string, { zh: string; en: string }>, label: string, any: string) => (
    <label className="inline">
      <span>{label}</span>
      <select value={state[key]} onChange={(e) => onChange({ [key]: e.target.value })} data-testid={`queue-${key}`}>
        <option value="">{any}</option>
        {Object.keys(table).map((s) => (
          <option key={s} value={s}>
            {L(table, s)}
          </option>
        ))}
      </select>
    </label>
  );
  const leadName = lead[0] && String(lead[0].id) === state.leadUnitId ? lead : [];

  return (
    <div className="queue-filters">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('queue.scope')}>
          <button type="button" aria-pressed={state.queue === 'mine'} onClick={() => onChange({ queue: 'mine' })} data-testid="queue-mine">
            {t('queue.mine')}
          </button>
          <button type="button" aria-pressed={state.queue === 'all'} onClick={() => onChange({ queue: 'all' })} data-testid="queue-all">
            {t('queue.all')}
          </button>
        </div>
        <form className="search" onSubmit={onSearch} role="search">
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('inboxq.searchHint')} aria-label={t('queue.search')} data-testid="queue-search" />
          <button type="submit" data-testid="queue-search-submit">
            {t('queue.search')}
          </button>
        </form>
        <label className="inline">
          <input type="checkbox" checked={state.overdue} onChange={(e) => onChange({ overdue: e.target.checked })} data-testid="queue-overdue" />
          <span>{t('queue.overdueOnly')}</span>
        </label>
      </div>
      <details className="filter-box" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('inboxq.filters')}</summary>
        <div className="toolbar">
          {select('status', STATUS_LABELS, t('queue.status'), t('queue.anyStatus'))}
          {select('urgency', URGENCY_LABELS, t('order.urgency'), t('inboxq.anyUrgency'))}
          {select('channel', CHANNEL_LABELS, t('order.channel'), t('inboxq.anyChannel'))}
          <label className="inline">
            <span>{t('inboxq.street')}</span>
            <select value={state.streetId} onChange={(e) => onChange({ streetId: e.target.value })} data-testid="queue-street">
              <option value="">{t('inboxq.anyStreet')}</option>
              {(streets.data?.items ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          {open && <CategorySelect value={state.category} onChange={(category) => onChange({ category })} />}
          <label className="inline">
            <span>{t('inboxq.from')}</span>
            <input type="date" value={state.from} onChange={(e) => onChange({ from: e.target.value })} data-testid="queue-from" />
          </label>
          <label className="inline">
            <span>{t('inboxq.to')}</span>
            <input type="date" value={state.to} onChange={(e) => onChange({ to: e.target.value })} data-testid="queue-to" />
          </label>
          <div className="lead-filter">
            <UnitPicker
              label={t('inboxq.leadUnit')}
              kinds={LEAD_KINDS}
              value={leadName}
              onChange={(u) => {
                setLead(u);
                onChange({ leadUnitId: u[0] ? String(u[0].id) : '' });
              }}
              testid="queue-lead"
            />
          </div>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setSearch('');
              setLead([]);
              onChange({ status: '', q: '', urgency: '', channel: '', category: '', streetId: '', leadUnitId: '', from: '', to: '', overdue: false });
            }}
            data-testid="queue-clear"
          >
            {t('inboxq.clear')}
          </button>
        </div>
      </details>
    </div>
  );
}

function CategorySelect({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const { t, locale } = useI18n();
  const tax = useActiveTaxonomy();
  return (
    <label className="inline">
      <span>{t('order.category')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="queue-category">
        <option value="">{t('inboxq.anyCategory')}</option>
        {(tax?.items ?? [])
          .filter((c) => c.level <= 2)
          .map((c) => (
            <option key={c.code} value={c.code}>
              {c.level === 2 ? '　' : ''}
              {categoryName(c, locale)}
            </option>
          ))}
      </select>
    </label>
  );
}
