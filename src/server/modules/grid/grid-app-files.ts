import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../../http/http-context.ts';

/** What makes the grid app installable and usable offline, built from public/grid into the web dir. */
const FILES: Record<string, string> = {
  'sw.js': 'text/javascript; charset=utf-8',
  'manifest.webmanifest': 'application/manifest+json',
  'icon-192.png': 'image/png',
  'icon-512.png': 'image/png',
};

/**
 * Served ahead of the grid app's page (which answers every other path under /grid). The worker is
 * never cached by HTTP, so a new one is found on the next visit, and it may control /grid itself,
 * one level above its own folder.
 */
export function mountGridAppFiles(app: OpenAPIHono<Env>, webDir: string): void {
  for (const [name, type] of Object.entries(FILES)) {
    app.get(`/grid/${name}`, (c) => {
      const file = path.join(webDir, 'grid', name);
      if (!fs.existsSync(file)) return c.json({ code: 'not_found', message: 'Not found', details: { path: c.req.path } }, 404);
      c.header('content-type', type);
      if (name === 'sw.js') {
        c.header('cache-control', 'no-cache');
        c.header('service-worker-allowed', '/grid');
      } else c.header('cache-control', 'public, max-age=86400');
      return c.body(fs.readFileSync(file));
    });
  }
}
