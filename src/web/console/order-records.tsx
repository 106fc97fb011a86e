import type { ReactNode } from 'react';
import { SATISFACTION_LABELS, STAGE_LABELS } from '../../shared/labels.ts';
import { Card } from '../shared/components.tsx';
import { DURATION_UNIT_LABELS, RECORD_STATUS_LABELS, SUPERVISION_KIND_LABELS } from '../shared/extra-labels.ts';
import { formatDateTime } from '../shared/format.ts';
import { useI18n, type I18n } from '../shared/i18n.ts';
import { Link } from '../shared/router.ts';
import type { OrderDetail, Row } from '../shared/types.ts';

type Col = [header: string, cell: (r: Row) => ReactNode];

function RecordTable({ title, rows, cols, testid }: { title: string; rows: Row[]; cols: Col[]; testid: string }) {
  if (!rows.length) return null;
  return (
    <Card title={title} testid={testid}>
      <div className="table-wrap">
        <table className="table compact stack">
          <thead>
            <tr>
              {cols.map(([h]) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid={`${testid}-row`}>
                {cols.map(([h, cell]) => (
                  <td key={h} data-label={h}>
                    {cell(r) ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function yesNo(v: unknown, t: I18n['t']): string {
  return v === null || v === undefined ? '—' : v ? t('common.yes') : t('common.no');
}

function duration(v: unknown, L: I18n['L']): string {
  const d = (typeof v === 'string' ? JSON.parse(v) : v) as { amount?: number; unit?: string } | null;
  return d && d.amount !== undefined ? `${d.amount} ${L(DURATION_UNIT_LABELS, d.unit ?? 'days')}` : '—';
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** Callbacks, extensions, disputes, exclusions, supervisions and merges: each shown only when there is one. */
export function Records({ order: o }: { order: OrderDetail }) {
  const { t, L, locale } = useI18n();
  const when = (v: unknown) => formatDateTime(v as string | null, locale);
  const status = (r: Row) => (
    <span className={`badge record-${String(r.status)}`} data-testid="record-status" data-status={String(r.status)}>
      {L(RECORD_STATUS_LABELS, String(r.status))}
    </span>
  );
  return (
    <>
      <RecordTable
        title={t('order.callbacks')}
        testid="callbacks"
        rows={o.callbacks}
        cols={[
          [t('cb.round'), (r) => str(r.round)],
          [t('cb.valid'), (r) => yesNo(r.valid, t)],
          [t('cb.contacted'), (r) => yesNo(r.contacted, t)],
          [t('cb.solved'), (r) => yesNo(r.solved, t)],
          [t('cb.satisfaction'), (r) => (r.satisfaction ? L(SATISFACTION_LABELS, String(r.satisfaction)) : '—')],
          [t('common.note'), (r) => str(r.note)],
          [t('common.time'), (r) => when(r.at)],
        ]}
      />
      <RecordTable
        title={t('order.extensions')}
        testid="extensions"
        rows={o.extensions}
        cols={[
          [t('order.unit'), (r) => str(r.unit_name)],
          [t('common.reason'), (r) => str(r.reason)],
          [t('ext.duration'), (r) => duration(r.duration, L)],
          [t('common.status'), status],
          [t('ext.requestedAt'), (r) => when(r.requested_at)],
          [t('ext.oldDue'), (r) => when(r.old_due_at)],
          [t('ext.newDue'), (r) => when(r.new_due_at)],
          [t('common.decisionNote'), (r) => str(r.decision_note)],
        ]}
      />
      <RecordTable
        title={t('order.disputes')}
        testid="disputes"
        rows={o.disputes}
        cols={[
          [t('order.unit'), (r) => str(r.unit_name)],
          [t('common.reason'), (r) => str(r.reason)],
          [t('dispute.suggestedUnit'), (r) => <span data-testid="dispute-suggested-unit">{str(r.suggested_unit_name)}</span>],
          [t('common.status'), status],
          [t('dispute.raisedAt'), (r) => when(r.raised_at)],
          [t('common.decidedAt'), (r) => when(r.decided_at)],
          [t('common.decisionNote'), (r) => str(r.decision_note)],
        ]}
      />
      <RecordTable
        title={t('order.exclusions')}
        testid="exclusions"
        rows={o.exclusions}
        cols={[
          [t('common.reason'), (r) => str(r.reason)],
          [t('common.status'), status],
          [t('ext.requestedAt'), (r) => when(r.requested_at)],
          [t('common.decidedAt'), (r) => when(r.decided_at)],
          [t('common.decisionNote'), (r) => str(r.decision_note)],
        ]}
      />
      <RecordTable
        title={t('order.supervisions')}
        testid="supervisions"
        rows={o.supervisions}
        cols={[
          [t('sup.kind'), (r) => L(SUPERVISION_KIND_LABELS, String(r.kind))],
          [t('order.stage'), (r) => (r.stage ? L(STAGE_LABELS, String(r.stage)) : '—')],
          [t('common.note'), (r) => str(r.note)],
          [t('common.time'), (r) => when(r.created_at)],
        ]}
      />
      {(o.mergedInto || o.mergedFrom.length > 0) && (
        <Card title={t('order.merges')} testid="merges">
          {o.mergedInto && (
            <p>
              {t('order.mergedInto')}{' '}
              <Link to={`/console/orders/${String(o.mergedInto.id)}`}>{str(o.mergedInto.code)}</Link>
            </p>
          )}
          {o.mergedFrom.length > 0 && (
            <p>
              {t('order.mergedFrom')}{' '}
              {o.mergedFrom.map((m) => (
                <Link key={String(m.id)} to={`/console/orders/${String(m.id)}`} className="sep">
                  {str(m.code)}
                </Link>
              ))}
            </p>
          )}
        </Card>
      )}
    </>
  );
}
