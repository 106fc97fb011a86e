import type { Db, Queryable } from '../db/client.ts';

export type Role =
  | 'intake_agent'
  | 'dispatcher'
  | 'callback_agent'
  | 'hotline_supervisor'
  | 'street_staff'
  | 'department_staff'
  | 'district_supervisor'
  | 'grid_member'
  | 'admin'
  | 'citizen';

export const ROLES: Role[] = [
  'intake_agent',
  'dispatcher',
  'callback_agent',
  'hotline_supervisor',
  'street_staff',
  'department_staff',
  'district_supervisor',
  'grid_member',
  'admin',
  'citizen',
];

/** A role held in a unit; `unitPath` is the unit's materialised path so scope checks need no query. */
export type RoleGrant = { role: Role; unitId: number | null; unitPath: string | null; districtId: number | null };

export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  kind: 'staff' | 'citizen';
  locale: string;
  grants: RoleGrant[];
};

export type Logger = {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
};

/** What every domain function receives: built by HTTP middleware, the scheduler and the CLI alike. */
export type Ctx = {
  db: Db;
  actor: Actor | null;
  now: () => Date;
  log: Logger;
};

export type TxCtx = Ctx & { tx: Queryable };

export const consoleLogger: Logger = {
  info: (msg, data) => console.log(JSON.stringify({ level: 'info', msg, ...data })),
  warn: (msg, data) => console.warn(JSON.stringify({ level: 'warn', msg, ...data })),
  error: (msg, data) => console.error(JSON.stringify({ level: 'error', msg, ...data })),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return !!actor && actor.grants.some((g) => roles.includes(g.role));
}
