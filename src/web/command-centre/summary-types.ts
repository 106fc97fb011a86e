/** GET /api/command-centre/summary (src/server/modules/command-centre/command-centre-routes.ts). */
export type BoardOrder = {
  id: number;
  code: string;
  title: string;
  status: string;
  urgency: string;
  streetId: number | null;
  streetName: string | null;
  leadUnitName: string | null;
  lon: number | null;
  lat: number | null;
  receivedAt: string;
  due: { stage: string; at: string } | null;
  overdueStages: string[];
};

export type AreaCount = { id: number; name: string; nameEn: string | null; today: number; window: number; open: number };

export type Summary = {
  at: string;
  date: string;
  scope: { kind: 'all' | 'district' | 'street'; unitId: number | null; name: string | null };
  today: { received: number; dispatched: number; closed: number; overdueOpen: number; open: number; emergencyOpen: number };
  byStatus: Record<string, number>;
  categories: { code: string; name: string; nameEn: string | null; count: number }[];
  trend: { date: string; received: number; closed: number }[];
  areas: { kind: 'street' | 'community'; parentId: number | null; items: AreaCount[] };
  grids: { days: number; from: string; items: { id: number; count: number; today: number }[] };
  rates: { period: string; previousPeriod: string; current: Rates; previous: Rates };
  ranking: { period: string; total: number; top: Ranked[]; bottom: Ranked[]; own: Ranked | null };
  whistles: BoardWhistle[];
  emergencies: BoardOrder[];
  overdue: BoardOrder[];
};

export type Rates = { responseRate: number; resolutionRate: number; satisfactionRate: number; compositeScore: number; validCallbacks: number };
export type Ranked = { unitId: number; name: string; nameEn: string | null; rank: number; compositeScore: number; rankChange: number | null; lagging: boolean };
export type BoardWhistle = { id: number; title: string; status: string; streetName: string; createdAt: string; waiting: number; dueAt: string | null; late: boolean };
