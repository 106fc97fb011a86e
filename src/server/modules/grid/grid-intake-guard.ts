import type { MiddlewareHandler } from 'hono';
import type { Env } from '../../http/http-context.ts';
import { hasRole, type Actor } from '../../lib/ctx.ts';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { placeOfIntake } from '../work-orders/routing-at-intake.ts';
import { LocationInput, type IntakeInput } from '../work-orders/work-order-schemas.ts';

/** The grid a grid member patrols, unless they also take in requests for the hotline (who file anywhere). */
export function ownGridOf(actor: Actor | null): number | null {
  if (!actor || hasRole(actor, 'intake_agent', 'dispatcher', 'hotline_supervisor')) return null;
  return actor.grants.find((g) => g.role === 'grid_member' && g.unitId !== null)?.unitId ?? null;
}

/**
 * A grid member files only what lies in their own grid: the place they give (a grid, a point, an
 * address) must resolve into it, or, where it resolves no finer than a community, into the
 * community their grid belongs to. Nothing given means their grid (intake's default).
 */
export async function refuseOutsideOwnGrid(q: Queryable, actor: Actor | null, loc: IntakeInput['location'] | undefined): Promise<void> {
  const own = ownGridOf(actor);
  if (own === null || !loc) return;
  const given = loc.gridId ?? loc.communityId ?? loc.streetId ?? loc.districtId ?? loc.lon ?? loc.address;
  if (given === undefined) return;
  const place = await placeOfIntake(q, loc);
  if (place.gridId === own) return;
  if (place.gridId === null && place.communityId !== null) {
    const parent = (await q.query<{ parent_id: number | null }>('select parent_id from units where id = $1', [own])).rows[0]?.parent_id;
    if (parent === place.communityId) return;
  }
  throw new AppError(
    'outside_own_grid',
    'Grid members report only from their own grid; this place lies outside it.',
    { field: 'location', ownGridId: own, placeGridId: place.gridId },
    '网格员只能上报本网格内的问题，该位置不在您的网格内。',
  );
}

/** Runs before the intake route: the check needs the body, which Hono keeps for the route's validator. */
export function gridIntakeGuard(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const ctx = c.get('ctx');
    if (c.req.method === 'POST' && ownGridOf(ctx.actor) !== null) {
      const body = (await c.req.json().catch(() => null)) as { location?: unknown } | null;
      // Malformed places are the validator's to refuse; only a well-formed one is placed here.
      const loc = LocationInput.safeParse(body?.location ?? {});
      if (loc.success) await refuseOutsideOwnGrid(ctx.db, ctx.actor, loc.data);
    }
    await next();
  };
}

