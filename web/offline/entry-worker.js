// The course's service worker (bundled as build/web/offline-worker.js; web/offline/sw-build.mjs
// injects the precache manifest and the build's content hash and writes it to site/sw.js, at the
// site's root so its scope is the whole course wherever the site is published).
//
// What it does, all with Workbox:
// * precaches the app shell, the Python runtime, the sandbox wheel, the quiz bank and the search
//   index (workbox-precaching: one entry per file, revisioned by content hash, stale entries
//   removed on activation);
// * caches every other file of the site as it is fetched (visited pages, diagrams, notebooks) in
//   caches named after the build's content hash, so a new deployment never mixes with an old one;
// * answers {type: "CACHE_COURSE"} messages by fetching those URLs into the same caches ("Make the
//   whole course available offline"), replying which failed (Workbox's own CACHE_URLS message
//   never replies when one fails);
// * adds the cross-origin isolation headers (COOP/COEP/CORP) to every response it gives, so a
//   page served by a host that cannot set headers becomes cross-origin isolated after one reload
//   (the approach of the coi-serviceworker package), and fixes the Content-Type of .wasm/.mjs.
// Nothing here ever fetches from another origin: cross-origin requests are not routed at all.
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { registerRoute, setCatchHandler } from "workbox-routing";
import { CacheFirst } from "workbox-strategies";
import { clientsClaim } from "workbox-core";
import { isolated } from "./headers.js";

// Replaced by sw-build.mjs with a hash of every file in the build.
const BUILD = "__COLD_START_BUILD__";
const PREFIX = "cold-start-";
const RUNTIME_CACHE = `${PREFIX}runtime-${BUILD}`;

const isolation = {
  handlerWillRespond: async ({ request, response }) => isolated(response, request.url),
};

precacheAndRoute(self.__WB_MANIFEST, {
  // Material adds ?h=term to links from search results; the file is the same.
  ignoreURLParametersMatching: [/.*/],
});
addPlugins([isolation]);
cleanupOutdatedCaches();

// Everything else from this origin, cached on first use for this build (same content until the
// next deployment, whose worker uses a new cache). Query strings don't change a static file.
const runtime = new CacheFirst({
  cacheName: RUNTIME_CACHE,
  matchOptions: { ignoreSearch: true },
  plugins: [isolation],
});
const sameOrigin = ({ url, request }) => url.origin === self.location.origin && request.method === "GET";
registerRoute(sameOrigin, runtime);

// Offline and not cached: say so instead of the browser's error page.
setCatchHandler(async ({ request }) => {
  if (request.destination !== "document") return Response.error();
  const body = `<!doctype html><meta charset="utf-8"><title>Offline</title>
<p>You are offline and this page was not saved on this device. Pages you opened before, and the
whole course once you choose "Make the whole course available offline", work without a network.</p>`;
  return isolated(new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }), request.url);
});

self.addEventListener("install", () => {
  // The first worker takes over at once (the page then reloads into cross-origin isolation). An
  // update waits until the learner chooses to reload ("A new version is available").
  if (!self.registration.active) self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(Promise.all([removeOldCaches(), cacheOpenPages(event)]));
});
clientsClaim();

/** Caches of earlier builds go; precache entries are pruned by workbox-precaching itself. */
async function removeOldCaches() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX) && !name.endsWith(BUILD)).map((name) => caches.delete(name)));
}

/** The page that installed this worker loaded before it: save it too, so it works offline. */
async function cacheOpenPages(event) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const urls = windows.map((client) => client.url.split("#")[0]).filter((url) => new URL(url).origin === self.location.origin);
  await Promise.all(urls.map((url) => runtime.handle({ event, request: new Request(url) }).catch(() => null)));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.ports[0]?.postMessage(message);
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  else if (data.type === "GET_BUILD") reply({ build: BUILD });
  else if (data.type === "CACHE_COURSE") event.waitUntil(cacheURLs(data.payload.urlsToCache, event).then(reply));
});

/** Fetch `urls` (same origin only) into the runtime cache; resolves to {cached, failed}. */
async function cacheURLs(urls, event) {
  const failed = [];
  await Promise.all(urls.map(async (href) => {
    const url = new URL(href, self.location.href);
    if (url.origin !== self.location.origin) return failed.push(href);
    try {
      const response = await runtime.handle({ event, request: new Request(url.href) });
      if (!response.ok) failed.push(href);
    } catch {
      failed.push(href);
    }
  }));
  return { cached: urls.length - failed.length, failed };
}
