import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { UnitView } from '../../../server/modules/org/unit-queries.ts';
import { CHILD_KINDS, type UnitKind } from '../../../shared/org-rules.ts';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Notice } from '../../shared/components.tsx';
import { UNIT_KIND_LABELS } from '../../shared/extra-labels.ts';
import { useI18n } from '../../shared/i18n.ts';
import { queryClient } from '../../shared/query.tsx';
import { Link } from '../../shared/router.ts';

export type AdminUnit = UnitView & { name_en: string | null; short_name: string | null; phone: string | null; chain?: { id: number; name: string; kind: string }[] };

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const orNull = (s: string) => s.trim() || null;

export async function refreshUnits(id: number) {
  // the unit pickers everywhere search /api/units: they read the change too
  await Promise.all([queryClient.invalidateQueries({ queryKey: ['admin-unit', id] }), queryClient.invalidateQueries({ queryKey: ['admin-units'] }), queryClient.invalidateQueries({ queryKey: ['units'] }), queryClient.invalidateQueries({ queryKey: ['admin-unit-history', id] })]);
}

/** 单位信息: name, English name, short name and duty phone with the version loaded; deactivate or reactivate. */
/** One version of one unit: the edit form's key, and what a save's notice belongs to. */
export const unitVersionKey = (u: Pick<AdminUnit, 'id' | 'version'>) => `${u.id}-${u.version}`;

export function UnitEditForm({ unit, saved, onSaved }: { unit: AdminUnit; saved: boolean; onSaved: (as: string) => void }) {
  const { t } = useI18n();
  const [d, setD] = useState({ name: unit.name, nameEn: text(unit.name_en), shortName: text(unit.short_name), phone: text(unit.phone) });
  const save = useMutation(
    {
      mutationFn: (body: Record<string, unknown>) => api<AdminUnit>(`/api/units/${unit.id}`, { method: 'PATCH', body: { version: unit.version, ...body } }),
      onSuccess: (updated) => {
        // the version saved: the form that shows it, mounted once the unit is read again, says it was saved
        onSaved(unitVersionKey(updated));
        return refreshUnits(unit.id);
      },
    },
    queryClient,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name: d.name, nameEn: orNull(d.nameEn), shortName: orNull(d.shortName), phone: orNull(d.phone) });
  };
  return (
    <Card title={t('orgunit.edit')} testid="unit-edit">
      <form className="form" onSubmit={submit} aria-label={t('orgunit.edit')}>
        <p className="muted small">
          {t('orgunit.code')} {unit.code} · {t('orgunit.kind')} <UnitKindName kind={unit.kind} /> · {unit.active ? t('people.active') : t('people.inactive')}
        </p>
        <div className="row">
          <Field label={t('orgunit.name')} required>
            <input value={d.name} required maxLength={100} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="unit-name" />
          </Field>
          <Field label={t('orgunit.shortName')}>
            <input value={d.shortName} maxLength={30} onChange={(e) => setD({ ...d, shortName: e.target.value })} data-testid="unit-short-name" />
          </Field>
          <Field label={t('orgunit.phone')}>
            <input type="tel" value={d.phone} maxLength={20} onChange={(e) => setD({ ...d, phone: e.target.value })} data-testid="unit-phone" />
          </Field>
          <Field label={t('orgunit.nameEn')}>
            <input value={d.nameEn} maxLength={200} lang="en" onChange={(e) => setD({ ...d, nameEn: e.target.value })} data-testid="unit-name-en" />
          </Field>
        </div>
        <p className="muted small">{t('orgunit.deactivateRule')}</p>
        <ErrorBox error={save.error} />
        {saved && !save.error && <Notice>{t('people.saved')}</Notice>}
        <div className="buttons">
          <button type="submit" className="primary" disabled={save.isPending} data-testid="unit-save">
            {save.isPending ? t('common.submitting') : t('people.save')}
          </button>
          {unit.parent_id !== null && (
            <button type="button" disabled={save.isPending} onClick={() => save.mutate({ active: !unit.active })} data-testid="unit-toggle-active">
              {unit.active ? t('orgunit.deactivate') : t('orgunit.reactivate')}
            </button>
          )}
        </div>
      </form>
    </Card>
  );
}

function UnitKindName({ kind }: { kind: string }) {
  const { L } = useI18n();
  return <>{L(UNIT_KIND_LABELS, kind)}</>;
}

const EMPTY = { kind: '', code: '', name: '', shortName: '', phone: '', tier: '' };

/** 新建下级单位: only the kinds the parent's level admits are offered; the server checks the same rule. */
export function UnitCreateForm({ parent }: { parent: AdminUnit }) {
  const { t, L } = useI18n();
  const kinds = CHILD_KINDS[parent.kind as UnitKind] ?? [];
  const [d, setD] = useState<typeof EMPTY>({ ...EMPTY, kind: kinds[0] ?? '' });
  const create = useMutation(
    {
      mutationFn: (body: unknown) => api<AdminUnit>('/api/units', { body }),
      onSuccess: () => {
        setD({ ...EMPTY, kind: kinds[0] ?? '' });
        return refreshUnits(parent.id);
      },
    },
    queryClient,
  );
  if (!parent.active) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ parentId: parent.id, kind: d.kind, code: d.code.trim(), name: d.name, shortName: orNull(d.shortName), phone: orNull(d.phone), tier: d.kind === 'enterprise' ? orNull(d.tier) : null });
  };
  return (
    <Card title={t('orgunit.createIn', { name: parent.name })} testid="unit-create">
      {kinds.length === 0 ? (
        <p className="muted">{t('orgunit.noChildKinds')}</p>
      ) : (
        <form className="form" onSubmit={submit} aria-label={t('orgunit.createIn', { name: parent.name })}>
          <div className="row">
            <Field label={t('orgunit.kind')} required>
              <select value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value })} data-testid="unit-new-kind">
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {L(UNIT_KIND_LABELS, k)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('orgunit.code')} hint={t('orgunit.codeHint')} required>
              <input value={d.code} required maxLength={40} pattern="[A-Za-z0-9\-]{2,40}" onChange={(e) => setD({ ...d, code: e.target.value })} data-testid="unit-new-code" />
            </Field>
            <Field label={t('orgunit.name')} required>
              <input value={d.name} required maxLength={100} onChange={(e) => setD({ ...d, name: e.target.value })} data-testid="unit-new-name" />
            </Field>
            <Field label={t('orgunit.shortName')}>
              <input value={d.shortName} maxLength={30} onChange={(e) => setD({ ...d, shortName: e.target.value })} data-testid="unit-new-short-name" />
            </Field>
            <Field label={t('orgunit.phone')}>
              <input type="tel" value={d.phone} maxLength={20} onChange={(e) => setD({ ...d, phone: e.target.value })} data-testid="unit-new-phone" />
            </Field>
            {d.kind === 'enterprise' && (
              <Field label={t('orgunit.tier')} hint={t('orgunit.tierHint')}>
                <input value={d.tier} maxLength={30} onChange={(e) => setD({ ...d, tier: e.target.value })} />
              </Field>
            )}
          </div>
          <ErrorBox error={create.error} />
          {create.data && (
            <div className="notice" role="status" data-testid="unit-created">
              {t('orgunit.created', { name: create.data.name })}{' '}
              <Link to={`/console/admin/units/${create.data.id}`} data-testid="unit-created-open">
                {t('orgunit.open', { name: create.data.name })}
              </Link>
            </div>
          )}
          <div className="buttons">
            <button type="submit" className="primary" disabled={create.isPending} data-testid="unit-create-submit">
              {create.isPending ? t('common.submitting') : t('orgunit.createBtn')}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
