import { ACCOUNT_READS, CACHE_PREFIX, cacheName, COPY_AFTER_MS, MAX_PAGES, offlineRoute, readWorkerMessage } from './sw-routes';

/**
 * What the service worker does (SPEC SYNC12), apart from the worker's own events
 * (service-worker.ts wires them), so that it is tested with a Cache Storage and a network of the
 * test's making.
 */
export interface OfflineWorkerDeps {
  caches: CacheStorage;
  fetch: (request: Request) => Promise<Response>;
  /** The site's origin (the worker's own). */
  origin: string;
  /** The build's id: its caches are this build's. */
  build: string;
  now?: () => number;
  /** A page load or account read with no answer begun this long is answered from the copy, if any. */
  copyAfterMs?: number;
}

export interface OfflineWorker {
  /**
   * The answer to `request`, or null to leave it to the network untouched. `later` keeps the
   * worker alive for a copy still being written after the answer went (FetchEvent.waitUntil).
   */
  respond(request: Request, later: (p: Promise<unknown>) => void): Promise<Response> | null;
  /** Handles a page's message (readWorkerMessage); null for one of no known shape. */
  message(data: unknown): Promise<void> | null;
  /** On activation: deletes the copies of every other build. */
  activate(): Promise<void>;
}

/** A response worth keeping: a good answer of this site itself (not a redirect, an error or another site's). */
function keepable(res: Response): boolean {
  return res.ok && !res.redirected && (res.type === 'basic' || res.type === 'default');
}

export function offlineWorker(deps: OfflineWorkerDeps): OfflineWorker {
  const { caches } = deps;
  const now = deps.now ?? Date.now;
  const copyAfterMs = deps.copyAfterMs ?? COPY_AFTER_MS;
  const PAGES = cacheName(deps.build, 'pages');
  const FILES = cacheName(deps.build, 'files');
  /** Counts forgets: a copy is written only if none came since its request began. */
  let generation = 0;
  /** The forgets under way, in order: a copy is written only once they are done. */
  let forgetting: Promise<void> = Promise.resolve();
  /**
   * When each page or account read was last written (while this worker runs): a keep asked for
   * right after the page's own load (which came through here) does not fetch it a second time.
   */
  const written = new Map<string, number>();
  const FRESH_MS = 30_000;

  async function deleteCaches(keep: (name: string) => boolean): Promise<void> {
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && !keep(name)) await caches.delete(name).catch(() => false);
  }

  /** Writes a copy, unless a forget came since `since` (the generation its request began in); after any forget under way. */
  async function put(name: string, request: Request, res: Response, since: number): Promise<void> {
    try {
      await forgetting;
      if (since !== generation) return;
      const cache = await caches.open(name);
      if (since !== generation) return;
      await cache.put(request, res);
      if (name !== PAGES || since !== generation) return;
      written.set(request.url, now());
      if (!ACCOUNT_READS.includes(new URL(request.url).pathname)) await trimPages(cache);
    } catch {
      // A copy not written (a full disk, a cache deleted meanwhile) changes no answer.
    }
  }

  /** Keeps the MAX_PAGES pages put last (a page put again moves to the end), and every account read. */
  async function trimPages(cache: Cache): Promise<void> {
    const pages = (await cache.keys()).filter((r) => !ACCOUNT_READS.includes(new URL(r.url).pathname));
    for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) await cache.delete(old);
  }

  const copyOf = (request: Request) => caches.match(request, { cacheName: PAGES, ignoreVary: true }).catch(() => undefined);

  /** Built files never change under their name: the copy when there is one, else the network's, kept. */
  async function fromCopyFirst(request: Request, later: (p: Promise<unknown>) => void): Promise<Response> {
    const kept = await caches.match(request, { cacheName: FILES }).catch(() => undefined);
    if (kept) return kept;
    const since = generation;
    const res = await deps.fetch(request);
    if (keepable(res)) later(put(FILES, request, res.clone(), since));
    return res;
  }

  /**
   * The network's answer whenever there is one (a copy is never shown to a person who is online);
   * a good one is kept. When the network fails, or has not begun to answer after copyAfterMs (a
   * link that drops packets without a word: SPEC SYNC8), the copy kept, if any; else the network's
   * answer or failure, as without a worker (the browser's own error page).
   */
  async function fromNetworkFirst(request: Request, later: (p: Promise<unknown>) => void): Promise<Response> {
    const since = generation;
    const network = deps.fetch(request).then((res) => {
      if (keepable(res)) later(put(PAGES, request, res.clone(), since));
      return res;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<Response>((resolve, reject) => {
      timer = setTimeout(() => void copyOf(request).then((kept) => (kept ? resolve(kept) : network.then(resolve, reject))), copyAfterMs);
    });
    try {
      return await Promise.race([network, slow]);
    } catch (err) {
      const kept = await copyOf(request);
      if (kept) return kept;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Keeps a page the person is on, the account's reads and the built files the page loaded
   * (readWorkerMessage). Over the network, as a load would; while it is down nothing kept is touched.
   */
  async function keepCopies(page: string | null, files: string[]): Promise<void> {
    const reads = (page ? [page, ...ACCOUNT_READS.map((p) => `${deps.origin}${p}`)] : []).filter((url) => now() - (written.get(url) ?? -Infinity) > FRESH_MS);
    const since = generation;
    await Promise.all(
      reads.map(async (url) => {
        const request = new Request(url, { credentials: 'same-origin' });
        const res = await deps.fetch(request).catch(() => null);
        if (res && keepable(res)) await put(PAGES, request, res, since);
      }),
    );
    for (const file of files) {
      if (await caches.match(file, { cacheName: FILES }).catch(() => undefined)) continue;
      const request = new Request(file);
      const res = await deps.fetch(request).catch(() => null);
      if (res && keepable(res)) await put(FILES, request, res, since);
    }
  }

  return {
    respond(request, later) {
      const route = offlineRoute(request, deps.origin);
      if (route === 'static') return fromCopyFirst(request, later);
      if (route === 'page' || route === 'account') return fromNetworkFirst(request, later);
      return null;
    },
    message(data) {
      const message = readWorkerMessage(data, deps.origin);
      if (message?.kind === 'keep') return keepCopies(message.page, message.files);
      if (message?.kind === 'forget') {
        generation++;
        written.clear();
        forgetting = forgetting.then(() => deleteCaches(() => false)).catch(() => undefined);
        return forgetting;
      }
      return null;
    },
    activate: () => deleteCaches((name) => name === PAGES || name === FILES),
  };
}
