// The grid app's service worker: keeps the app itself (its page and hashed assets) on the phone so it
// opens without network. API calls are never cached: reports wait in the page's IndexedDB outbox
// and are sent from there, with their Idempotency-Key, when the network returns.
const CACHE = 'shaobao-grid-v2';
const SHELL = '/grid';
// The bundles the page names (its script, style sheet and preloaded chunks), all under /assets/.
const ASSET_REF = /(?:src|href)="(\/assets\/[^"]+)"/g;

/**
 * The page and every asset it names are kept at install: the first visit loaded them before this
 * worker controlled the page, so without this the app would not come up offline until a second
 * online visit had passed them through the worker.
 */
async function keepShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: 'no-store' });
  if (!res.ok) throw new Error(`shell ${res.status}`);
  const html = await res.clone().text();
  const assets = [...new Set([...html.matchAll(ASSET_REF)].map((m) => m[1]))];
  await cache.addAll(assets);
  await cache.put(SHELL, res);
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // The page fresh when online (it names the current assets), the kept one when not.
    event.respondWith(
      fetch(req)
        .then((res) => {
          const copy = res.clone();
          if (res.ok) void caches.open(CACHE).then((c) => c.put(SHELL, copy));
          return res;
        })
        .catch(() => caches.match(SHELL)),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/grid/')) {
    // Hashed assets never change under one name: the first copy is good forever.
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ??
          fetch(req).then((res) => {
            const copy = res.clone();
            if (res.ok) void caches.open(CACHE).then((c) => c.put(req, copy));
            return res;
          }),
      ),
    );
  }
});
