// The app's service worker: it keeps the app's own files (the page, its scripts, styles, worker, catalogs,
// icons and manifest) so that the app starts without the network and can be installed like a desktop client.
// It never keeps mail, and never anything it was not told at build time: mail travels over the WebSocket, which
// a service worker does not see, and every other request (the proxy's /api, any other address, other origins,
// mail frames' images after consent) passes through untouched and is cached by nobody here.
//
// - install: the build's file list (WEBMAIL_PRECACHE, written in by build/service-worker-plugin.ts) is fetched
//   into a cache named after the build (WEBMAIL_VERSION); a failed file fails the install, tried again next load.
// - activate: caches of other builds are deleted; navigation preload is turned on, so the page's request does
//   not wait for this worker to start.
// - fetch: a navigation to the app goes to the network first (with its security headers, fresh after a
//   deploy) and falls back to the kept page when the network fails (the proxy or the network is down); the
//   app's other files are answered from the cache, then the network.

/// <reference lib="webworker" />

declare const self: ServiceWorkerGlobalScope;
/** The build's files, relative to the worker's scope (written in at build time). */
declare const WEBMAIL_PRECACHE: readonly string[];
/** The build's id: a hash of those files' contents. */
declare const WEBMAIL_VERSION: string;

const CACHE_PREFIX = 'webmail-app-';
const CACHE = `${CACHE_PREFIX}${WEBMAIL_VERSION}`;
const SCOPE = new URL(self.registration.scope);
const PAGE = new URL('index.html', SCOPE).href;
const KEPT = new Set(WEBMAIL_PRECACHE.map((file) => new URL(file, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload': the files as the server has them now, not whatever the HTTP cache holds.
      await cache.addAll([...KEPT].map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.registration.navigationPreload?.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  url.hash = '';
  url.search = '';
  if (request.mode === 'navigate') {
    if (url.href === SCOPE.href || url.href === PAGE) event.respondWith(page(event));
    return;
  }
  if (KEPT.has(url.href)) event.respondWith(keptFile(request, url.href));
});

/** The page from the network (its preload, when the browser started one), else the kept copy. */
async function page(event: FetchEvent): Promise<Response> {
  try {
    const preloaded = (await event.preloadResponse) as Response | undefined;
    return preloaded ?? (await fetch(event.request));
  } catch (error) {
    const kept = await caches.match(PAGE, { cacheName: CACHE });
    if (kept) return kept;
    throw error;
  }
}

async function keptFile(request: Request, url: string): Promise<Response> {
  const kept = await caches.match(url, { cacheName: CACHE });
  return kept ?? fetch(request);
}

// A module to the type checker (so `self` can be declared as the worker's scope); the build removes this line
// and serves the worker as a classic script.
export {};
