import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { bodyLimit } from 'hono/body-limit';
import { router } from './http/openapi.ts';
import { contextMiddleware, type Deps } from './http/http-context.ts';
import { errorHandler } from './http/http-errors.ts';
import { healthRoutes } from './http/health-routes.ts';
import { inputGuard } from './http/input-guard.ts';
import { createGuards } from './http/guards.ts';
import { csrfGuard, securityHeaders } from './http/security-headers.ts';
import { mountApiDocs } from './http/api-docs.ts';
import { AppError } from './lib/errors.ts';
import { workOrderRoutes } from './modules/work-orders/work-order-routes.ts';
import { queueViewRoutes } from './modules/work-orders/queue-view-routes.ts';
import { orgRoutes } from './modules/org/org-routes.ts';
import { deadlineRoutes } from './modules/deadlines/deadline-routes.ts';
import { portalRoutes } from './modules/portal/portal-routes.ts';
import { adminRoutes } from './modules/org/admin-routes.ts';
import { peopleRoutes } from './modules/org/people-routes.ts';
import { unitAdminRoutes } from './modules/org/unit-admin-routes.ts';
import { geoRoutes } from './modules/routing/geo/geo-routes.ts';
import { geoAdminRoutes } from './modules/routing/geo/geo-admin-routes.ts';
import { taxonomyRoutes } from './modules/routing/taxonomy/taxonomy-routes.ts';
import { dutyListRoutes } from './modules/routing/duty-lists/duty-list-routes.ts';
import { catalogueRoutes } from './modules/routing/catalogue/catalogue-routes.ts';
import { classifyRoutes } from './modules/routing/classify/classify-routes.ts';
import { whistleRoutes } from './modules/whistles/whistle-routes.ts';
import { whistleScoresFor } from './modules/whistles/whistle-scores.ts';
import { setWhistleSource } from './modules/evaluation/whistle-component.ts';
import { notificationRoutes } from './modules/notifications/notification-routes.ts';
import { liveRoutes } from './modules/live/live-routes.ts';
import { commandCentreRoutes } from './modules/command-centre/command-centre-routes.ts';
import { evaluationRoutes } from './modules/evaluation/evaluation-routes.ts';
import { citizenSignInRoutes } from './modules/portal/citizen-sign-in-routes.ts';
import { portalCitizenRoutes } from './modules/portal/portal-citizen-routes.ts';
import { portalPlaceRoutes } from './modules/portal/portal-place-routes.ts';
import { gridIntakeGuard } from './modules/grid/grid-intake-guard.ts';
import { gridRoutes } from './modules/grid/grid-routes.ts';
import { mountGridAppFiles } from './modules/grid/grid-app-files.ts';
import { analysisRoutes } from './modules/analysis/analysis-routes.ts';
import { publicDataRoutes } from './modules/analysis/public-data-routes.ts';
import { themeRoutes } from './modules/themes/theme-routes.ts';
import { forecastRoutes } from './modules/forecasts/forecast-routes.ts';
import { answerTemplateRoutes } from './modules/answer-templates/answer-template-routes.ts';
import { wakeLocal } from './modules/live/local-wake.ts';

// Five 2 MB attachments in base64 plus the text of the request.
const MAX_BODY = 15 * 1024 * 1024;

/** Builds the whole HTTP app without listening, so tests drive it with app.request(). */
export function buildApp(deps: Deps) {
  // 一哨一考核: the streets' ratings reach a department's composite through evaluation's seam.
  setWhistleSource(whistleScoresFor);
  const app = router();
  app.onError(errorHandler(deps.log));
  app.use('*', securityHeaders(deps.trustProxy ?? false));
  const limitBody = bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new AppError('payload_too_large', 'Request body too large (15 MB at most).', {}, '请求内容过大（不超过15MB）。'); } });
  // A GET or HEAD has no body to limit, and asking for one builds the whole web Request per call.
  app.use('/api/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.route('/', healthRoutes(deps));
  const guards = createGuards(deps.now, deps.trustProxy ?? false, deps.db);
  app.use('/api/*', async (c, next) => {
    c.set('guards', guards);
    await next();
  });
  app.use('/api/*', csrfGuard());
  app.use('/api/*', inputGuard());
  app.use('/api/*', contextMiddleware(deps));
  // A change that succeeded has committed: this process's live streams and notice consumer read it now.
  app.use('/api/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.res.status < 400) wakeLocal(deps.db, 'events');
  });
  app.use('/api/work-orders', gridIntakeGuard());

  app.route('/', orgRoutes(deps.sessionHours));
  app.route('/', workOrderRoutes);
  app.route('/', deadlineRoutes);
  app.route('/', portalRoutes);
  app.route('/', adminRoutes);
  app.route('/', peopleRoutes);
  app.route('/', unitAdminRoutes);
  app.route('/', geoRoutes);
  app.route('/', geoAdminRoutes);
  app.route('/', taxonomyRoutes);
  app.route('/', dutyListRoutes);
  app.route('/', catalogueRoutes);
  app.route('/', classifyRoutes);
  app.route('/', whistleRoutes);
  app.route('/', notificationRoutes);
  app.route('/', liveRoutes);
  app.route('/', commandCentreRoutes);
  app.route('/', evaluationRoutes);
  app.route('/', citizenSignInRoutes(deps));
  app.route('/', portalCitizenRoutes);
  app.route('/', portalPlaceRoutes);
  app.route('/', gridRoutes);
  app.route('/', analysisRoutes);
  app.route('/', publicDataRoutes(deps.publicData ?? false));
  app.route('/', themeRoutes);
  app.route('/', forecastRoutes);
  app.route('/', queueViewRoutes);
  app.route('/', answerTemplateRoutes);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Shaobao 哨报 API',
      version: '0.1.0',
      description: '接诉即办 work orders and 街乡吹哨、部门报到. Errors are {code, message, details} with stable codes.',
    },
  });
  mountApiDocs(app);
  app.all('/api/*', (c) => {
    throw new AppError('not_found', `No API route ${c.req.method} ${c.req.path}`, { path: c.req.path }, '接口不存在');
  });

  if (deps.webDir) mountGridAppFiles(app, deps.webDir);
  if (deps.webDir) mountWeb(app, deps.webDir, deps.publicData ?? false);
  return app;
}

const PAGES: [string, string][] = [
  ['/console', 'console.html'],
  ['/command-centre', 'command-centre.html'],
  ['/grid', 'grid.html'],
  ['/public-data', 'public-data.html'],
  ['/', 'index.html'],
];

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves the built web apps: hashed assets, and each app's page for every path under it (client-side routing). */
function mountWeb(app: ReturnType<typeof router>, webDir: string, publicData: boolean) {
  // Hashed assets never change under one name, so each is compressed once, on first request, and kept:
  // an order page is ~150 KB over the wire instead of ~500 KB, which matters on street and grid connections.
  const COMPRESSIBLE = ['.js', '.css', '.html', '.json', '.svg'];
  const packed = new Map<string, { raw: Uint8Array<ArrayBuffer>; br: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> }>();
  const variants = (file: string) => {
    let v = packed.get(file);
    if (!v) {
      const raw = fs.readFileSync(file);
      v = {
        raw: new Uint8Array(raw),
        br: new Uint8Array(zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })),
        gzip: new Uint8Array(zlib.gzipSync(raw, { level: 9 })),
      };
      packed.set(file, v);
    }
    return v;
  };
  app.get('/assets/*', (c) => {
    const file = path.join(webDir, path.normalize(c.req.path).replace(/^(\.\.[/\\])+/, ''));
    // a directory (GET /assets/) or anything outside the build is simply not there
    if (!file.startsWith(webDir + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return c.json({ code: 'not_found', message: 'Not found', details: { path: c.req.path } }, 404);
    }
    c.header('content-type', MIME[path.extname(file)] ?? 'application/octet-stream');
    c.header('cache-control', 'public, max-age=31536000, immutable');
    if (!COMPRESSIBLE.includes(path.extname(file))) return c.body(fs.readFileSync(file));
    c.header('vary', 'Accept-Encoding');
    const accepts = (c.req.header('accept-encoding') ?? '').toLowerCase();
    const v = variants(file);
    const pick = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
    if (!pick) return c.body(v.raw);
    c.header('content-encoding', pick);
    return c.body(v[pick]);
  });
  // Browsers ask for it on every page; an empty answer keeps a 404 out of every console.
  app.get('/favicon.ico', (c) => {
    c.header('cache-control', 'public, max-age=86400');
    return c.body(null, 204);
  });
  for (const [prefix, page] of PAGES) {
    if (prefix === '/public-data' && !publicData) continue;
    const handler = (c: import('hono').Context) => {
      const file = path.join(webDir, page);
      if (!fs.existsSync(file)) return c.text(`web app not built: run npm run build:web`, 503);
      return c.html(fs.readFileSync(file, 'utf8'));
    };
    app.get(prefix, handler);
    if (prefix !== '/') app.get(`${prefix}/*`, handler);
  }
}
