import type { Actor } from '../../lib/ctx.ts';
import { VIA, visibilitySources } from './work-order-access.ts';

/**
 * Where a list's orders come from, as index ranges that already return them newest first: a unit's
 * rows of work_order_visibility with a predicate over (via, status, overdue), a column of
 * work_orders, or the orders a small side table names. A list is the merge of its sources.
 */
export type Source =
  | { kind: 'unit'; unitId: number; pred: string; open: boolean }
  | { kind: 'column'; column: 'created_by' | 'grid_id' | 'requester_user_id'; value: number; pred?: string }
  | { kind: 'pending'; table: 'extensions' | 'exclusions' };

export const TERMINAL_SQL = `('answered','not_dispatched','closed','merged')`;
const LEAD_OPEN = `('dispatched','signed','in_progress','disputed','escalated')`;
const CO_OPEN = `('dispatched','signed','in_progress')`;

export const CITY: Source = { kind: 'unit', unitId: 0, pred: 'true', open: false };

/** Everything the actor may see. */
export function visibleSources(actor: Actor): Source[] {
  const v = visibilitySources(actor);
  if (v === null) return [CITY];
  return v.map((s) => ('unitId' in s ? { kind: 'unit', unitId: s.unitId, pred: `(v.via & ${s.via}) <> 0`, open: false } : { kind: 'column', column: s.column, value: s.value }));
}

/** A person's work queue: what waits on them now, by each role they hold. */
export function queueSources(actor: Actor): Source[] {
  const out: Source[] = [];
  for (const g of actor.grants) {
    switch (g.role) {
      case 'intake_agent':
        out.push({ kind: 'column', column: 'created_by', value: actor.userId, pred: `o.status = 'received'` });
        break;
      case 'dispatcher':
        out.push({ kind: 'unit', unitId: 0, pred: `v.status = 'received'`, open: true });
        break;
      case 'callback_agent':
        out.push({ kind: 'unit', unitId: 0, pred: `v.status in ('awaiting_callback','called_back')`, open: true });
        break;
      case 'hotline_supervisor':
        out.push({ kind: 'unit', unitId: 0, pred: `v.status = 'disputed'`, open: true }, { kind: 'pending', table: 'extensions' }, { kind: 'pending', table: 'exclusions' });
        break;
      case 'street_staff':
      case 'department_staff':
        if (g.unitId === null) break;
        out.push({
          kind: 'unit',
          unitId: g.unitId,
          pred: `((v.via & ${VIA.lead}) <> 0 and v.status in ${LEAD_OPEN}) or ((v.via & ${VIA.coHandler}) <> 0 and v.status in ${CO_OPEN})`,
          open: true,
        });
        break;
      case 'district_supervisor':
        if (g.unitId === null) break;
        out.push({
          kind: 'unit',
          unitId: g.unitId,
          pred: `((v.via & ${VIA.district}) <> 0 and (v.status = 'escalated' or v.overdue)) or ((v.via & ${VIA.lead}) <> 0 and v.status in ('dispatched','signed','in_progress','disputed'))`,
          open: true,
        });
        break;
      case 'grid_member':
      case 'citizen':
        out.push({ kind: 'column', column: 'created_by', value: actor.userId }, { kind: 'column', column: 'requester_user_id', value: actor.userId });
        break;
      case 'admin':
        break;
    }
  }
  return out;
}
