/** Row types of the organisation tables (0001_org.sql, 0020_people_admin.sql) as the administration reads them. */

export type UserRow = {
  id: number;
  username: string;
  display_name: string;
  kind: 'staff' | 'citizen';
  phone: string | null;
  locale: string;
  active: boolean;
  version: number;
  created_at: Date;
};

export type UserRoleRow = { user_id: number; role: string; unit_id: number | null };

export type UnitRow = {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  short_name: string | null;
  phone: string | null;
  kind: string;
  parent_id: number | null;
  path: string;
  district_id: number | null;
  tier: string | null;
  active: boolean;
  version: number;
  created_at: Date;
};

export type OrgChangeRow = {
  id: number;
  subject_kind: 'user' | 'unit';
  subject_id: number;
  at: Date;
  actor_id: number | null;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
};
