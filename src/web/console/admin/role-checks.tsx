import { ROLE_LABELS } from '../../../shared/labels.ts';
import { ROLE_UNIT_KINDS, STAFF_ROLES, UNIT_KINDS } from '../../../shared/org-rules.ts';
import { UNIT_KIND_LABELS } from '../../shared/extra-labels.ts';
import { useI18n, type I18n } from '../../shared/i18n.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import type { Unit } from '../../shared/types.ts';

/** Roles as one line, each with its unit in brackets, punctuated for the reader's language. */
export function rolesText(grants: { role: string; unitName?: string | null; unitCode?: string | null }[], { L, locale }: Pick<I18n, 'L' | 'locale'>): string {
  const en = locale === 'en';
  return grants.map((g) => `${L(ROLE_LABELS, g.role)}${g.unitName || g.unitCode ? (en ? ` (${g.unitName ?? g.unitCode})` : `（${g.unitName ?? g.unitCode}）`) : ''}`).join(en ? '; ' : '、');
}

/** Each ticked role with the unit it is held in: a street's 街乡工作人员 can be a 网格员 of a grid in it too. */
export type RoleDraft = { roles: string[]; units: Record<string, Unit | null> };

export const EMPTY_ROLES: RoleDraft = { roles: [], units: {} };

/** The grants the API takes: each ticked role in its own unit (an administrator without one when none is chosen). */
export function grantsOf(d: RoleDraft): { role: string; unitId: number | null; unitCode: string | null }[] {
  return d.roles.map((role) => ({ role, unitId: d.units[role]?.id ?? null, unitCode: d.units[role]?.code ?? null }));
}

/**
 * Roles as checkboxes with their Chinese (or English) names; each ticked role gets its own unit
 * picker offering only the kinds of unit that role is held in (ROLE_UNIT_KINDS, which the server checks too).
 */
export function RoleChecks({ value, onChange, testid }: { value: RoleDraft; onChange: (d: RoleDraft) => void; testid: string }) {
  const { t, L } = useI18n();
  const toggle = (role: string, on: boolean) => onChange({ ...value, roles: on ? [...value.roles, role] : value.roles.filter((r) => r !== role) });
  return (
    <fieldset className="role-checks" data-testid={`${testid}-roles`}>
      <legend>{t('people.roles')}</legend>
      {STAFF_ROLES.map((role) => {
        const kinds = ROLE_UNIT_KINDS[role];
        const on = value.roles.includes(role);
        const unit = value.units[role] ?? null;
        return (
          <div key={role} className="role-grant" data-testid={`${testid}-grant-${role}`}>
            <label className="check">
              <input type="checkbox" checked={on} onChange={(e) => toggle(role, e.target.checked)} data-testid={`${testid}-role-${role}`} />
              {L(ROLE_LABELS, role)}{' '}
              <span className="muted small">{t('people.roleIn', { kinds: kinds ? kinds.map((k) => L(UNIT_KIND_LABELS, k)).join('/') : t('people.anyUnit') })}</span>
            </label>
            {on && (
              <UnitPicker
                label={t('grant.unitOf', { role: L(ROLE_LABELS, role) })}
                kinds={[...(kinds ?? UNIT_KINDS)]}
                value={unit ? [unit] : []}
                required={kinds !== null}
                onChange={(u) => onChange({ ...value, units: { ...value.units, [role]: u[0] ?? null } })}
                testid={`${testid}-unit-${role}`}
              />
            )}
          </div>
        );
      })}
      <span className="field-hint">{t('people.unitHint')}</span>
    </fieldset>
  );
}
