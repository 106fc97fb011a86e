import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { hasRole } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { setCalendarDay, createSlaPolicy, SlaPolicyInput, CalendarDayInput } from './deadline-admin.ts';
import { loadCalendar } from './deadline-store.ts';
import { addDays } from './calendar.ts';
import { sweepDeadlines } from './deadline-sweep.ts';

export const deadlineRoutes = router();

deadlineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/calendar/{year}',
    tags: ['time limits'],
    summary: 'Every day of a year with whether it is a working day (holidays and make-up days included)',
    request: { params: z.object({ year: z.coerce.number().int().min(2000).max(2100).openapi({ param: { name: 'year', in: 'path' } }) }) },
    responses: { 200: json(z.object({ year: z.number(), hasData: z.boolean(), days: z.array(z.looseObject({ date: z.string() })) }), 'The year'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const { year } = c.req.valid('param');
    const cal = await loadCalendar(c.get('ctx').db);
    const days = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) days.push({ date: d, ...cal.dayInfo(d) });
    return c.json({ year, hasData: cal.years().includes(year), days }, 200);
  },
);

deadlineRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/api/calendar/days',
    tags: ['time limits'],
    summary: 'Declare a day a holiday or a make-up working day, or clear it (admin)',
    request: { body: { content: { 'application/json': { schema: CalendarDayInput } }, required: true } },
    responses: { 200: json(z.object({ ok: z.boolean() }), 'Saved'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (!hasRole(actor, 'admin')) throw forbidden('Only administrators edit the calendar.', '仅管理员可维护工作日历。');
    await setCalendarDay(c.get('ctx'), c.req.valid('json'));
    return c.json({ ok: true }, 200);
  },
);

deadlineRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/sla-policies',
    tags: ['time limits'],
    summary: 'All versions of the SLA policy',
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number(), version: z.number() })) }), 'Policies'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const rows = await c.get('ctx').db.query('select id, version, name, calendar, rules, warn_fraction, rehandling, valid_from, valid_to, created_at from sla_policies order by version');
    return c.json({ items: rows.rows as { id: number; version: number }[] }, 200);
  },
);

deadlineRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/sla-policies',
    tags: ['time limits'],
    summary: 'Publish a new SLA policy version; orders already received keep the version they started with (admin)',
    request: { body: { content: { 'application/json': { schema: SlaPolicyInput } }, required: true } },
    responses: { 201: json(z.looseObject({ id: z.number(), version: z.number() }), 'Published'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (!hasRole(actor, 'admin')) throw forbidden('Only administrators publish SLA policies.', '仅管理员可发布时限规则。');
    return c.json(await createSlaPolicy(c.get('ctx'), c.req.valid('json')), 201);
  },
);

deadlineRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/deadlines/sweep',
    tags: ['time limits'],
    summary: 'Run the deadline sweep now (it also runs on a timer)',
    responses: { 200: json(z.object({ fired: z.number(), warnings: z.number(), overdue: z.number(), skipped: z.number() }), 'What fired'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (!hasRole(actor, 'admin', 'hotline_supervisor')) throw forbidden('Only supervisors and administrators run the sweep.', '仅值班长和管理员可手动执行时限扫描。');
    return c.json(await sweepDeadlines(c.get('ctx')), 200);
  },
);
