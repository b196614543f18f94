import { ACCOUNT_READS, cacheName, COPY_HEADER, deleteCopies, COPY_AFTER_MS, filesIn, LATE_WRITE_MS, MAX_PAGES, offlineRoute, readWorkerMessage } from './sw-routes';
import { within } from '../within';

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
   * `preload`: a page load's answer the browser began while the worker started (navigation
   * preload, FetchEvent.preloadResponse): used instead of asking again.
   */
  respond(request: Request, later: (p: Promise<unknown>) => void, preload?: Promise<Response | undefined>): Promise<Response> | null;
  /** Handles a page's message (readWorkerMessage); null for one of no known shape. */
  message(data: unknown): Promise<void> | null;
  /** On activation: deletes the copies of every other build. */
  activate(): Promise<void>;
}

/** A response worth keeping: a good answer of this site itself (not a redirect, an error or another site's). */
function keepable(res: Response): boolean {
  return res.ok && !res.redirected && (res.type === 'basic' || res.type === 'default');
}

/**
 * A proxy's answer that no server is behind it (nginx: 502 Bad Gateway, 504 Gateway Timeout): as
 * good as no network for a page load, which the copy then answers. (503 is the server's own,
 * typed answer that its store is away: the page says so itself.)
 */
function noServer(res: Response): boolean {
  // The server's own 504 (a typed TIMEOUT) is JSON; the proxy's is its HTML page.
  return (res.status === 502 || res.status === 504) && !(res.headers.get('content-type') ?? '').includes('application/json');
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

  /**
   * When the worker last answered a page load or account read from its copy (now()): the built
   * files asked for in the OFFLINE_FILES_MS after it come from their copies first (fromCopyFirst).
   * Otherwise the worker leaves built files to the browser (its HTTP cache answers them at once:
   * they never change under their name): read through the worker, every page load of a person
   * online was 100–300 ms slower in the replay benchmark (docs/performance.md, 2026-12-06).
   */
  let servedCopyAt = -Infinity;
  const OFFLINE_FILES_MS = 60_000;

  /** A built file right after a page was answered from its copy: the copy first, else the browser's cache or the network. */
  async function fromCopyFirst(request: Request): Promise<Response> {
    const kept = await caches.match(request, { cacheName: FILES }).catch(() => undefined);
    return kept ?? deps.fetch(request);
  }

  /** The copy of `request`, noted as answered from it (the files that follow come from their copies). */
  async function answeredFromCopy(request: Request): Promise<Response | undefined> {
    const kept = await copyOf(request);
    if (!kept) return undefined;
    servedCopyAt = now();
    const headers = new Headers(kept.headers);
    headers.set(COPY_HEADER, '1');
    return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
  }

  /**
   * Writes the copy of an answer (a page or an account read); with `files`, a page's built files
   * too (filesIn), those not kept yet. Not for a page being loaded: fetching its files beside it
   * would only compete with it (the keep it asks for a couple of seconds later keeps them).
   */
  async function keepAnswer(request: Request, res: Response, since: number, files: boolean): Promise<void> {
    if (!keepable(res)) return;
    const page = files && !ACCOUNT_READS.includes(new URL(request.url).pathname);
    const html = page ? await res.clone().text().catch(() => '') : '';
    await put(PAGES, request, res, since);
    if (page) await keepFiles(filesIn(html, deps.origin), since);
  }

  async function keepFiles(files: readonly string[], since: number): Promise<void> {
    for (const file of files) {
      if (await caches.match(file, { cacheName: FILES }).catch(() => undefined)) continue;
      const request = new Request(file);
      const res = await deps.fetch(request).catch(() => null);
      if (res && keepable(res)) await put(FILES, request, res, since);
    }
  }

  /**
   * The network's answer whenever there is one (a copy is never shown to a person the server
   * answers); a good one is kept. When the network fails, a proxy answers that no server is behind
   * it (noServer), or no answer has begun after copyAfterMs (a link that drops packets without a
   * word: SPEC SYNC8), the copy kept, if any; else the network's answer or failure, as without a
   * worker (the browser's own error page). The copy of a late answer is still written: `later` is
   * given its write at once (the worker stays up for it, LATE_WRITE_MS at most).
   */
  function fromNetworkFirst(request: Request, later: (p: Promise<unknown>) => void, preload?: Promise<Response | undefined>): Promise<Response> {
    const since = generation;
    const network = fromNetwork(request, preload);
    // Registered first: the copy is cloned before the page reads the answer.
    later(within(network.then((res) => keepAnswer(request, res.clone(), since, false), () => undefined), LATE_WRITE_MS, undefined));
    const answer = network.then(async (res) => (noServer(res) ? ((await answeredFromCopy(request)) ?? res) : res));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<Response>((resolve, reject) => {
      timer = setTimeout(() => void answeredFromCopy(request).then((kept) => (kept ? resolve(kept) : answer.then(resolve, reject))), copyAfterMs);
    });
    return Promise.race([answer, slow])
      .catch(async (err: unknown) => {
        const kept = await answeredFromCopy(request);
        if (kept) return kept;
        throw err;
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * Keeps a page the person is on, the account's reads and the built files the page loaded and
   * names (readWorkerMessage). Over the network, as a load would; while it is down nothing kept is
   * touched.
   */
  async function keepCopies(page: string | null, files: string[]): Promise<void> {
    const reads = (page ? [page, ...ACCOUNT_READS.map((p) => `${deps.origin}${p}`)] : []).filter((url) => now() - (written.get(url) ?? -Infinity) > FRESH_MS);
    const since = generation;
    await Promise.all(
      reads.map(async (url) => {
        const request = new Request(url, { credentials: 'same-origin' });
        const res = await deps.fetch(request).catch(() => null);
        if (res) await keepAnswer(request, res, since, true);
      }),
    );
    await keepFiles(files, since);
  }

  /** The preloaded answer of a page load, when the browser began one; else the network's. */
  function fromNetwork(request: Request, preload?: Promise<Response | undefined>): Promise<Response> {
    return preload ? preload.then((res) => res ?? deps.fetch(request)) : deps.fetch(request);
  }

  return {
    respond(request, later, preload) {
      const route = offlineRoute(request, deps.origin);
      if (route === 'static') return now() - servedCopyAt < OFFLINE_FILES_MS ? fromCopyFirst(request) : null;
      if (route === 'page' || route === 'account') return fromNetworkFirst(request, later, preload);
      // Any other page load: its preloaded answer, as it is (not asked for twice).
      if (preload && request.mode === 'navigate') return fromNetwork(request, preload);
      return null;
    },
    message(data) {
      const message = readWorkerMessage(data, deps.origin);
      if (message?.kind === 'keep') return keepCopies(message.page, message.files);
      if (message?.kind === 'forget') {
        generation++;
        written.clear();
        forgetting = forgetting.then(() => deleteCopies(caches)).catch(() => undefined);
        return forgetting;
      }
      return null;
    },
    activate: () => deleteCopies(caches, (name) => name === PAGES || name === FILES),
  };
}
