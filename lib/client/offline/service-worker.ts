/**
 * Portline's service worker (SPEC SYNC12): a board loaded while the network is down is served
 * from the copy kept the last time it was shown, so a responder who reloads on a dead link still
 * has the board, the outbox (IndexedDB) and the incident as this device last had it
 * (snapshot-store.ts), instead of the browser's error page. What it does is worker-core.ts; this
 * file only wires the worker's events to it. Bundled on its own by scripts/build-server.mjs into
 * dist/sw.js, served at /sw.js by the server; the build's id is put in at bundling
 * (`__PORTLINE_BUILD__`), so each build's worker is a new one that deletes the previous build's
 * copies.
 *
 * Written against the DOM's types: a worker's own (FetchEvent, clients) are declared here, the
 * little this uses of them, so the worker is checked with the rest of the code.
 */
import { offlineWorker } from './worker-core';

declare const __PORTLINE_BUILD__: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  /** A page load's answer the browser began while the worker started (navigation preload on). */
  preloadResponse?: Promise<Response | undefined>;
  respondWith(r: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  registration: { navigationPreload?: { enable(): Promise<void> } };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableMessageEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const worker = offlineWorker({ caches, fetch: (request) => fetch(request), origin: sw.location.origin, build: __PORTLINE_BUILD__ });

sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
// Navigation preload: a page load's request starts while the worker starts, not after it.
sw.addEventListener('activate', (e) =>
  e.waitUntil(Promise.all([worker.activate(), sw.registration.navigationPreload?.enable().catch(() => undefined)]).then(() => sw.clients.claim())),
);
sw.addEventListener('fetch', (e) => {
  const answer = worker.respond(e.request, (p) => {
    try {
      e.waitUntil(p);
    } catch {
      // The answer went already (the copy, for a network that answered late): the write goes on
      // while the worker runs.
    }
  }, e.preloadResponse);
  if (answer) e.respondWith(answer);
});
sw.addEventListener('message', (e) => {
  const done = worker.message(e.data);
  if (done) e.waitUntil(done);
});
