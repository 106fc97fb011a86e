import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// The server answers every path under an app with that app's page; the dev server must do the
// same or a reload on /console/orders/7 would land on the portal.
const APP_PREFIXES = ['/console', '/command-centre', '/grid', '/public-data'];

function multiPageFallback(): Plugin {
  return {
    name: 'shaobao-multi-page-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/';
        const path = url.split('?')[0];
        const prefix = APP_PREFIXES.find((p) => path === p || path.startsWith(`${p}/`));
        if (prefix && !path.includes('.', prefix.length)) req.url = `${prefix}.html`;
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), multiPageFallback()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    rolldownOptions: {
      input: {
        index: page('index.html'),
        console: page('console.html'),
        'command-centre': page('command-centre.html'),
        grid: page('grid.html'),
        'public-data': page('public-data.html'),
      },
      // React is shared by all four apps: one named, long-cached chunk instead of one named after whichever module pulled it in.
      output: { codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] } },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
