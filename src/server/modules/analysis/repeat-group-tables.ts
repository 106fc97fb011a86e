import { shanghaiDate } from '../deadlines/calendar.ts';
import type { RepeatKind } from './repeat-detector.ts';

/** repeat_orders.kind (migration 0030). */
export const KIND_CODE: Record<RepeatKind, number> = { place: 1, requester: 2 };
export const KINDS: RepeatKind[] = ['place', 'requester'];

/**
 * A row of repeat_orders: one order under one kind of key, and its kept group (null: repeats
 * nothing). `key` is the place or requester key and the Shanghai month of received_at
 * (`g123@2026-07`, migration 0034): a kept group never spans two calendar months.
 */
export type RepeatOrderRow = {
  order_id: number;
  kind: number;
  key: string;
  received_at: Date;
  category: string | null;
  words: string[];
  group_id: number | null;
};

/** A row of repeat_groups: its size counts every member, whoever may see it, whenever taken in. */
export type RepeatGroupRow = { id: number; kind: number; size: number };

/** A row of repeat_visible: a grouped order as one unit may see it (work_order_visibility's via bits). */
export type RepeatVisibleRow = { kind: number; unit_id: number; received_at: Date; order_id: number; via: number; group_id: number };

// The same keys as placeKey/requesterKey, coarse enough that SQL keeps every order the detector could group.
export const KEY_SQL: Record<RepeatKind, string> = {
  place: `coalesce('g' || o.grid_id::text, 'a' || regexp_replace(lower(o.address), '[[:space:]　，,。.·-]', '', 'g'))`,
  requester: `nullif(regexp_replace(coalesce(o.requester_phone, ''), '[^0-9]', '', 'g'), '')`,
};

/** A row of repeat_group_units (migration 0034): a group's members one unit sees through one via value. */
export type RepeatGroupUnitRow = { group_id: number; unit_id: number; via: number; kind: number; first_at: Date; last_at: Date; n: number };

/** The stored key: the rule's key and the Shanghai calendar month of the order (epoch ms). */
export const monthKey = (key: string, t: number): string => `${key}@${shanghaiDate(new Date(t)).slice(0, 7)}`;
/** The same month suffix in SQL, over alias `o`. */
export const MONTH_KEY_SQL = `'@' || to_char(o.received_at at time zone 'Asia/Shanghai', 'YYYY-MM')`;
/** The key shown to users: the stored key without its month. */
export const shownKey = (stored: string): string => stored.replace(/@\d{4}-\d{2}$/, '');
