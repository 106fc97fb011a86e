/*
 * The shape of the organisation, shared by the server's checks and the administration pages:
 * which kind of unit may sit under which, and in which kinds of unit each role is held.
 */
export const UNIT_KINDS = ['city', 'district', 'street', 'township', 'community', 'grid', 'department', 'enterprise', 'hotline_centre'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** The kinds a new unit may have under a parent of each kind (the 市 → 区 → 街乡 → 社区 → 网格 tree, with departments at the city and district levels). */
export const CHILD_KINDS: Record<UnitKind, UnitKind[]> = {
  city: ['district', 'department', 'enterprise', 'hotline_centre'],
  district: ['street', 'township', 'department'],
  street: ['community'],
  township: ['community'],
  community: ['grid'],
  grid: [],
  department: [],
  enterprise: [],
  hotline_centre: [],
};

/** The kinds of unit a role may be held in; null: the role is held without a unit (or, for an administrator, in any unit). */
export const ROLE_UNIT_KINDS: Record<string, UnitKind[] | null> = {
  intake_agent: ['hotline_centre'],
  dispatcher: ['hotline_centre'],
  callback_agent: ['hotline_centre'],
  hotline_supervisor: ['hotline_centre'],
  street_staff: ['street', 'township'],
  department_staff: ['department', 'enterprise'],
  district_supervisor: ['district'],
  grid_member: ['grid'],
  admin: null,
  citizen: null,
};

/** The roles of a staff account, in the order the administration page lists them. */
export const STAFF_ROLES = ['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor', 'street_staff', 'department_staff', 'district_supervisor', 'grid_member', 'admin'] as const;
