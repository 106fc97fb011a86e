import { useEffect, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import type { EntryResult, RoutingProposal, UnitRef } from '../../shared/routing-types.ts';
import type { OrderDetail, Unit } from '../../shared/types.ts';

/** GET /api/routing/propose for an order as it stands: its category, place, request type and urgency. */
export function useOrderProposal(order: OrderDetail, enabled: boolean): { proposal: RoutingProposal | null; error: unknown; loading: boolean } {
  const [proposal, setProposal] = useState<RoutingProposal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const query = qs({
    categoryCode: order.category,
    streetId: order.location.street?.id,
    districtId: order.location.street ? undefined : order.location.district?.id,
    requestType: order.requestType,
    urgency: order.urgency,
  });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    api<RoutingProposal>(`/api/routing/propose${query}`).then(
      (p) => {
        if (!live) return;
        setProposal(p);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [query, enabled]);
  return { proposal, error, loading };
}

/** The picker's Unit from a proposal's unit reference (the picker only reads id, name and kind). */
export const asUnit = (u: UnitRef): Unit => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, parent_id: null, district_id: null });

const CONTROLLED = ['street', 'township', 'community'];
export type EntryWarning = { unit: string; role: 'lead' | 'co_handler'; result: EntryResult };

/**
 * 准入 before submitting: each street, township or community chosen is checked for the order's
 * category, so the dispatcher sees a refusal (and the exceptions) before the server gives one.
 */
export function useEntryWarnings(category: string | null, lead: Unit[], co: Unit[], flags: { emergency: boolean; districtApproved: boolean }): EntryWarning[] {
  const [warnings, setWarnings] = useState<EntryWarning[]>([]);
  const wanted = [...lead.map((u) => ({ u, role: 'lead' as const })), ...co.map((u) => ({ u, role: 'co_handler' as const }))].filter((x) => CONTROLLED.includes(x.u.kind));
  const key = category ? `${category}|${wanted.map((x) => `${x.u.id}:${x.role}`).join(',')}|${flags.emergency}|${flags.districtApproved}` : '';
  useEffect(() => {
    if (!key || !wanted.length) {
      setWarnings([]);
      return;
    }
    let live = true;
    Promise.all(
      wanted.map((x) =>
        api<EntryResult>(
          `/api/routing/entry-check${qs({ unitId: x.u.id, categoryCode: category, role: x.role, emergency: flags.emergency || undefined, districtApproved: flags.districtApproved || undefined })}`,
        ).then((result) => ({ unit: x.u.name, role: x.role, result })),
      ),
    ).then(
      (rs) => live && setWarnings(rs.filter((r) => !r.result.allowed)),
      () => live && setWarnings([]),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return warnings;
}
