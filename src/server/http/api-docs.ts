import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';

/**
 * /api/docs from the swagger-ui-dist package: nothing is fetched from another host, so the docs
 * work offline, and the page has no inline script, so the CSP needs no exception for it.
 */
const DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const FILES: Record<string, [string, string]> = {
  'swagger-ui.css': ['swagger-ui.css', 'text/css; charset=utf-8'],
  'swagger-ui-bundle.js': ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shaobao 哨报 API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

export function mountApiDocs(app: Hono<any>): void {
  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs/init.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body(INIT);
  });
  for (const [name, [file, type]] of Object.entries(FILES)) {
    let body: Buffer | null = null;
    app.get(`/api/docs/${name}`, (c) => {
      body ??= fs.readFileSync(path.join(DIST, file));
      c.header('content-type', type);
      c.header('cache-control', 'public, max-age=86400');
      return c.body(new Uint8Array(body));
    });
  }
}
