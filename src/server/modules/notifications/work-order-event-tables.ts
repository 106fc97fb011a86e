/** A row of `work_order_events` as this module reads it (the table belongs to work orders, migration 0002). */
export type WorkOrderEventRow = {
  id: number;
  order_id: number;
  seq: number;
  type: string;
  action: string | null;
  actor_id: number | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  at: Date;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  data: Record<string, unknown>;
};
