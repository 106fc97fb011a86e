import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { ErrorBox } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { DUTY_ROLE_LABELS } from '../../shared/routing-labels.ts';
import type { DutyItem, DutyList } from '../../shared/routing-types.ts';
import { DutyItemForm } from './duty-item-form.tsx';
import { ConfirmButton, ShareBar } from './ref-common.tsx';
import { TableBox } from '../../shared/table-box.tsx';

type Props = { list: DutyList; editable: boolean; onChanged: () => Promise<void> };
type Editing = { item: DutyItem | null; block: string; anchor: string } | null;

/** A list version by block: each block's role shares, its items with role, lead department, legal basis and categories. */
export function DutyListView({ list, editable, onChanged }: Props) {
  const { t, L } = useI18n();
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<unknown>(null);
  const blocks = list.blocks.map((b) => b.block);

  const remove = async (code: string) => {
    setError(null);
    try {
      await api(`/api/duty-lists/${list.id}/items/${code}`, { method: 'DELETE' });
      await onChanged();
    } catch (e) {
      setError(e);
    }
  };

  const form = (anchor: string) =>
    editing?.anchor === anchor && (
      <tr key={`form-${anchor}`}>
        <td colSpan={editable ? 6 : 5}>
          <DutyItemForm
            listId={list.id}
            blocks={blocks}
            editing={editing.item}
            block={editing.block}
            onCancel={() => setEditing(null)}
            onDone={async () => {
              setEditing(null);
              await onChanged();
            }}
          />
        </td>
      </tr>
    );

  return (
    <div data-testid="duty-list-view">
      <ShareBar s={list.shares} testid="duty-shares" />
      <ErrorBox error={error} />
      {editable && list.items.length === 0 && (
        <>
          <button type="button" onClick={() => setEditing({ item: null, block: '', anchor: '+' })} data-testid="item-add-first">
            {t('duty.addItem')}
          </button>
          {editing?.anchor === '+' && (
            <DutyItemForm listId={list.id} blocks={blocks} editing={null} onCancel={() => setEditing(null)} onDone={async () => {
              setEditing(null);
              await onChanged();
            }} />
          )}
        </>
      )}
      {list.blocks.map((b) => (
        <section key={b.block} className="duty-block" data-testid="duty-block">
          <div className="duty-block-head">
            <h3>{b.block}</h3>
            <ShareBar s={b} />
            {editable && (
              <button type="button" className="small-button" onClick={() => setEditing({ item: null, block: b.block, anchor: `+${b.block}` })} data-testid="item-add">
                {t('duty.addItem')}
              </button>
            )}
          </div>
          <TableBox label={t('nav.dutyLists')}>
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('duty.code')}</th>
                  <th>{t('duty.text')}</th>
                  <th>{t('duty.role')}</th>
                  <th>{t('duty.leadDept')}</th>
                  <th>{t('duty.categories')}</th>
                  {editable && <th />}
                </tr>
              </thead>
              <tbody>
                {form(`+${b.block}`)}
                {list.items
                  .filter((i) => i.block === b.block)
                  .flatMap((i) => [
                    <tr key={i.code} data-testid="duty-item-row" data-code={i.code}>
                      <td className="nowrap">{i.code}</td>
                      <td>
                        {i.text}
                        {i.legal_basis && <div className="legal small muted">{t('duty.legalBasis')}：{i.legal_basis}</div>}
                      </td>
                      <td className="nowrap">
                        <span className={`badge role-${i.role}-badge`}>{L(DUTY_ROLE_LABELS, i.role)}</span>
                      </td>
                      <td>{i.lead_department_name ?? i.lead_department_code ?? '—'}</td>
                      <td className="small">{i.category_codes.join(' ') || '—'}</td>
                      {editable && (
                        <td className="nowrap">
                          <button type="button" className="small-button" onClick={() => setEditing({ item: i, block: i.block, anchor: i.code })} data-testid="item-edit">
                            {t('common.edit')}
                          </button>{' '}
                          <ConfirmButton label={t('common.remove')} confirmLabel={t('duty.removeConfirm')} onConfirm={() => remove(i.code)} testid="item-remove" small />
                        </td>
                      )}
                    </tr>,
                    form(i.code) || null,
                  ])}
              </tbody>
            </table>
          </TableBox>
        </section>
      ))}
      {list.items.length === 0 && <p className="empty">{t('duty.noItems')}</p>}
    </div>
  );
}
