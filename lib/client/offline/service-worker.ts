/**
 * Portline's service worker (SPEC SYNC12): a signed-in page loaded while the network is down is
 * served from the copy kept the last time it loaded, so a responder who reloads on a dead link
 * still has the board, the outbox (IndexedDB) and the incident as this device last had it
 * (snapshot-store.ts), instead of the browser's error page. Bundled on its own by
 * scripts/build-server.mjs into dist/sw.js, served at /sw.js by the server; the build's id is put
 * in at bundling (`__PORTLINE_BUILD__`), so each build's worker is a new one that deletes the
 * previous build's copies.
 *
 * Written against the DOM's types: a worker's own (FetchEvent, clients) are declared here, the
 * little this uses of them, so the worker is checked with the rest of the code.
 */
import { ACCOUNT_READS, CACHE_PREFIX, cacheName, MAX_PAGES, offlineRoute, readWorkerMessage } from './sw-routes';

declare const __PORTLINE_BUILD__: string;

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: ExtendableMessageEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const PAGES = cacheName(__PORTLINE_BUILD__, 'pages');
const FILES = cacheName(__PORTLINE_BUILD__, 'files');
/** Counts `forget` messages: a copy is written only if none came since its request began. */
let generation = 0;
/**
 * When each page or account read was last written (while this worker runs): a keep asked for
 * right after the page's own load (which came through here) does not fetch it a second time.
 */
const written = new Map<string, number>();
const FRESH_MS = 30_000;

sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (e) =>
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== PAGES && name !== FILES) await caches.delete(name);
      await sw.clients.claim();
    })(),
  ),
);

sw.addEventListener('fetch', (e) => {
  const route = offlineRoute(e.request, sw.location.origin);
  if (route === 'static') e.respondWith(fromCopyFirst(e.request));
  else if (route === 'page' || route === 'account') e.respondWith(fromNetworkFirst(e.request));
});

sw.addEventListener('message', (e) => {
  const message = readWorkerMessage(e.data, sw.location.origin);
  if (message?.kind === 'keep') e.waitUntil(keepCopies(message.page, message.files));
  else if (message?.kind === 'forget') {
    generation++;
    written.clear();
    forgetting = forgetting.then(forget);
    e.waitUntil(forgetting);
  }
});

/** The last `forget` under way: a copy is written only once it is done. */
let forgetting: Promise<void> = Promise.resolve();
async function forget(): Promise<void> {
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name).catch(() => false);
}

/**
 * Writes a copy, unless a `forget` came since `since` (the generation its request began in); after
 * any forget under way, so that none deletes a copy asked for after it.
 */
async function put(cacheName: string, request: Request, res: Response, since: number): Promise<void> {
  await forgetting;
  if (since !== generation) return;
  const cache = await caches.open(cacheName);
  if (since !== generation) return;
  await cache.put(request, res).catch(() => undefined);
  if (cacheName === PAGES) written.set(request.url, Date.now());
  if (cacheName === PAGES && !ACCOUNT_READS.includes(new URL(request.url).pathname)) await trimPages(cache);
}

/**
 * Keeps a page the person is on, the account's reads and the built files the page loaded (see
 * readWorkerMessage). Over the network, as a load would; while it is down nothing kept is touched.
 */
async function keepCopies(page: string | null, files: string[]): Promise<void> {
  const origin = sw.location.origin;
  const reads = (page ? [page, ...ACCOUNT_READS.map((p) => `${origin}${p}`)] : []).filter((url) => Date.now() - (written.get(url) ?? 0) > FRESH_MS);
  await Promise.all(reads.map((url) => fromNetworkFirst(new Request(url, { credentials: 'same-origin' })).catch(() => undefined)));
  const cache = await caches.open(FILES);
  for (const file of files) if (!(await cache.match(file))) await fromCopyFirst(new Request(file)).catch(() => undefined);
}

/** Built files never change under their name: the copy when there is one, else the network's, kept. */
async function fromCopyFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: FILES });
  if (kept) return kept;
  const since = generation;
  const res = await fetch(request);
  if (res.ok) await put(FILES, request, res.clone(), since);
  return res;
}

/**
 * The network's answer whenever there is one (a copy is never shown to a person who is online);
 * a good one is kept. When the network fails, the copy kept, if any; else the failure, as without
 * a worker (the browser's own error page).
 */
async function fromNetworkFirst(request: Request): Promise<Response> {
  const since = generation;
  try {
    const res = await fetch(request);
    if (res.ok && res.type === 'basic' && !res.redirected) await put(PAGES, request, res.clone(), since);
    return res;
  } catch (err) {
    // Vary is Next's router headers and the encoding, neither of which a load's request carries.
    const kept = await caches.match(request, { cacheName: PAGES, ignoreVary: true });
    if (kept) return kept;
    throw err;
  }
}

/** Keeps the MAX_PAGES pages put last (a page put again moves to the end), and every account read. */
async function trimPages(cache: Cache): Promise<void> {
  const pages = (await cache.keys()).filter((r) => !ACCOUNT_READS.includes(new URL(r.url).pathname));
  for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) await cache.delete(old);
}
