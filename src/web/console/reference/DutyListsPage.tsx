import { useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading, Notice } from '../../shared/components.tsx';
import { UNIT_KIND_LABELS } from '../../shared/extra-labels.ts';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { navigate, useLocation } from '../../shared/router.ts';
import { LIST_KIND_LABELS, LIST_STATUS_LABELS } from '../../shared/routing-labels.ts';
import type { DutyList, DutyListEvent, DutyListSummary } from '../../shared/routing-types.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import { DecisionBox, DutyListHistory } from './duty-list-history.tsx';
import { DutyListView } from './duty-list-view.tsx';
import { ConfirmButton, useLoad } from './ref-common.tsx';
import { TableBox } from '../../shared/table-box.tsx';

const UNIT_KINDS = ['street', 'township', 'community', 'department'];
const LIST_KINDS = ['duty', 'enforcement', 'approval'];

/**
 * 职责清单: the lists in force by unit kind and list kind, every version, and the procedure: street
 * staff (and administrators) open a draft and submit it, district supervisors approve or reject.
 */
export function DutyListsPage({ me }: { me: Me }) {
  const { t, L, locale } = useI18n();
  const { query } = useLocation();
  const unitKind = query.get('unitKind') ?? 'street';
  const listKind = query.get('listKind') ?? 'duty';
  const canEdit = hasRole(me, 'street_staff', 'admin');
  const canDecide = hasRole(me, 'district_supervisor', 'admin');
  const lists = useLoad(() => api<{ items: DutyListSummary[] }>(`/api/duty-lists${qs({ unitKind, listKind })}`).then((r) => r.items), `${unitKind}/${listKind}`);
  const versions = lists.data ?? [];
  const id = Number(query.get('id')) || versions.find((l) => l.status === 'active')?.id || versions[0]?.id || 0;
  const chosen = versions.find((l) => l.id === id) ?? null;
  const detail = useLoad(() => (id ? api<DutyList>(`/api/duty-lists/${id}`) : Promise.resolve(null)), `list-${id}`);
  const events = useLoad(() => (id ? api<{ items: DutyListEvent[] }>(`/api/duty-lists/${id}/events`).then((r) => r.items) : Promise.resolve([])), `events-${id}`);
  const open = versions.find((l) => l.status === 'draft' || l.status === 'submitted');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const go = (p: { unitKind?: string; listKind?: string; id?: number }) =>
    navigate(`/console/duty-lists${qs({ unitKind: p.unitKind ?? unitKind, listKind: p.listKind ?? listKind, id: p.id })}`, { replace: true });
  const refresh = async () => {
    await Promise.all([lists.reload(), detail.reload(), events.reload()]);
  };
  const step = async (what: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await what();
      setNotice(message);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };

  const select = (value: string, options: string[], table: Record<string, { zh: string; en: string }>, onChange: (v: string) => void, label: string, testid: string) => (
    <label className="inline">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testid}>
        {options.map((o) => (
          <option key={o} value={o}>
            {L(table, o)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div data-testid="duty-lists-page">
      <h1>{t('nav.dutyLists')}</h1>
      {notice && <Notice>{notice}</Notice>}
      <Card title={t('duty.versions')}>
        <div className="toolbar">
          {select(unitKind, UNIT_KINDS, UNIT_KIND_LABELS, (v) => go({ unitKind: v, id: undefined }), t('duty.unitKind'), 'duty-unit-kind')}
          {select(listKind, LIST_KINDS, LIST_KIND_LABELS, (v) => go({ listKind: v, id: undefined }), t('duty.listKind'), 'duty-list-kind')}
          {canEdit && !open && versions.length > 0 && (
            <ConfirmButton
              label={t('duty.newDraft')}
              confirmLabel={t('duty.newDraftConfirm')}
              testid="duty-new-draft"
              onConfirm={() =>
                step(async () => {
                  const d = await api<{ id: number }>('/api/duty-lists', { body: { listKind, unitKind } });
                  go({ id: d.id });
                }, t('duty.draftCreated'))
              }
            />
          )}
        </div>
        <ErrorBox error={error ?? lists.error} />
        {!lists.data && !lists.error && <Loading />}
        {lists.data && versions.length === 0 && <p className="empty">{t('duty.none')}</p>}
        {versions.length > 0 && (
          <TableBox label={t('nav.dutyLists')}>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('ref.version')}</th>
                <th>{t('duty.name')}</th>
                <th>{t('common.status')}</th>
                <th>{t('ref.validity')}</th>
                <th>{t('duty.items')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((l) => (
                <tr key={l.id} className={l.id === id ? 'current' : undefined} data-testid="duty-version-row" data-status={l.status}>
                  <td>
                    <button type="button" className="link-button" onClick={() => go({ id: l.id })}>
                      {t('ref.versionN', { v: l.version })}
                    </button>
                  </td>
                  <td>{l.name}</td>
                  <td>
                    <span className={`badge list-${l.status}`}>{L(LIST_STATUS_LABELS, l.status)}</span>
                  </td>
                  <td className="nowrap">
                    {l.valid_from ? `${formatDate(l.valid_from, locale)} – ${l.valid_to ? formatDate(l.valid_to, locale) : t('ref.open')}` : '—'}
                  </td>
                  <td>{l.items ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </TableBox>
        )}
      </Card>
      {chosen && (
        <Card title={`${chosen.name} · ${t('ref.versionN', { v: chosen.version })}`} actions={<span className={`badge list-${chosen.status}`}>{L(LIST_STATUS_LABELS, chosen.status)}</span>} testid="duty-list">
          {chosen.decision_note && <p className="muted small">{chosen.decision_note}</p>}
          {chosen.status === 'draft' && canEdit && (
            <div className="buttons">
              <span className="small muted">{t('duty.draftHint')}</span>
              <ConfirmButton label={t('duty.submit')} confirmLabel={t('duty.submitConfirm')} testid="duty-submit" primary onConfirm={() => step(() => api(`/api/duty-lists/${id}/submit`, { method: 'POST' }), t('duty.submitted'))} />
            </div>
          )}
          {chosen.status === 'submitted' && canDecide && <DecisionBox listId={id} onDone={async () => { setNotice(t('duty.decided')); await refresh(); }} />}
          {chosen.status === 'submitted' && !canDecide && <p className="muted small">{t('duty.awaiting')}</p>}
          <ErrorBox error={detail.error} />
          {detail.data ? <DutyListView list={detail.data} editable={chosen.status === 'draft' && canEdit && detail.data.id === chosen.id} onChanged={refresh} /> : !detail.error && <Loading />}
        </Card>
      )}
      {chosen && events.data && <DutyListHistory events={events.data} />}
    </div>
  );
}
